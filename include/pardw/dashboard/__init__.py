"""Ministry dashboards (Streamlit) over the published marts, through a read-only login.

``pardw dashboard`` serves ``app.py``; SQL lives in ``queries``; numbers are formatted the
Vietnamese way by ``formatting``.
"""

from pathlib import Path

APP_PATH = Path(__file__).resolve().parent / "app.py"
