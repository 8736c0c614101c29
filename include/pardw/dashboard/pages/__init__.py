"""Dashboard pages, run by Streamlit (``st.navigation`` in ../app.py); not imported as modules."""
