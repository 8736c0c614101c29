/* pardw.parse.readers._pdfchars: every character's loose box and text object of one PDFium text page, in
 * one C loop (issue 27). The PDF reader needs both for the first and last character of every word; through
 * ctypes each look-up costs about 0.7 us, which was most of the reader's time. PDFium's functions are called
 * through the addresses pypdfium2 already loaded (passed in as integers): nothing is linked here.
 *
 * char_boxes(textpage, n, FPDFText_GetLooseCharBox, FPDFText_GetTextObject) -> (boxes, objects, found)
 *   boxes   bytes, n x 4 float32: left, top, right, bottom (FS_RECTF), zeros where found is 0
 *   objects bytes, n x uint64: the character's text object (0: none)
 *   found   bytes, n x 1: 1 where PDFium gave the box
 * font_at(textpage, i, FPDFText_GetCharOrigin, FPDFText_GetMatrix, FPDFText_GetFontWeight, FPDFText_GetFontSize)
 *   -> (origin found, origin y, matrix found, a, b, c, d, weight, size): what the reader asks of a text
 *   object's first character, in one call instead of four (values PDFium did not give are 0)
 * Optional: without a C compiler the reader makes the same calls through ctypes (pdf.py). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    float left, top, right, bottom;
} RectF;
typedef int (*LooseBox)(void *, int, RectF *);
typedef void *(*TextObject)(void *, int);

static PyObject *char_boxes(PyObject *self, PyObject *args) {
    unsigned long long page, f_box, f_obj;
    int n;
    if (!PyArg_ParseTuple(args, "KiKK", &page, &n, &f_box, &f_obj)) return NULL;
    if (n < 0 || !page || !f_box || !f_obj) {
        PyErr_SetString(PyExc_ValueError, "char_boxes: a text page, a count >= 0 and two function addresses");
        return NULL;
    }
    PyObject *boxes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * (Py_ssize_t)sizeof(RectF));
    PyObject *objects = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * (Py_ssize_t)sizeof(uint64_t));
    PyObject *found = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n);
    if (!boxes || !objects || !found) {
        Py_XDECREF(boxes);
        Py_XDECREF(objects);
        Py_XDECREF(found);
        return NULL;
    }
    RectF *b = (RectF *)PyBytes_AS_STRING(boxes);
    uint64_t *o = (uint64_t *)PyBytes_AS_STRING(objects);
    char *ok = PyBytes_AS_STRING(found);
    LooseBox box = (LooseBox)(uintptr_t)f_box;
    TextObject obj = (TextObject)(uintptr_t)f_obj;
    void *tp = (void *)(uintptr_t)page;
    for (int i = 0; i < n; i++) {
        o[i] = (uint64_t)(uintptr_t)obj(tp, i);
        ok[i] = box(tp, i, &b[i]) ? 1 : 0;
        if (!ok[i]) memset(&b[i], 0, sizeof(RectF));
    }
    return Py_BuildValue("(NNN)", boxes, objects, found);
}

typedef int (*CharOrigin)(void *, int, double *, double *);
typedef struct {
    float a, b, c, d, e, f;
} MatrixF;
typedef int (*CharMatrix)(void *, int, MatrixF *);
typedef int (*FontWeight)(void *, int);
typedef double (*FontSize)(void *, int);

static PyObject *font_at(PyObject *self, PyObject *args) {
    unsigned long long page, f_origin, f_matrix, f_weight, f_size;
    int i;
    if (!PyArg_ParseTuple(args, "KiKKKK", &page, &i, &f_origin, &f_matrix, &f_weight, &f_size)) return NULL;
    if (!page || !f_origin || !f_matrix || !f_weight || !f_size) {
        PyErr_SetString(PyExc_ValueError, "font_at: a text page, an index and four function addresses");
        return NULL;
    }
    void *tp = (void *)(uintptr_t)page;
    double ox = 0.0, oy = 0.0;
    MatrixF m = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    int has_origin = ((CharOrigin)(uintptr_t)f_origin)(tp, i, &ox, &oy) ? 1 : 0;
    if (!has_origin) oy = 0.0;
    int has_matrix = ((CharMatrix)(uintptr_t)f_matrix)(tp, i, &m) ? 1 : 0;
    int weight = ((FontWeight)(uintptr_t)f_weight)(tp, i);
    double size = ((FontSize)(uintptr_t)f_size)(tp, i);
    return Py_BuildValue("(NdNddddid)", PyBool_FromLong(has_origin), oy, PyBool_FromLong(has_matrix), (double)m.a, (double)m.b, (double)m.c,
                         (double)m.d, weight, size);
}

static PyMethodDef methods[] = {
    {"font_at", font_at, METH_VARARGS, "Origin y, matrix, weight and size of one character."},
    {"char_boxes", char_boxes, METH_VARARGS, "Loose boxes, text objects and found flags of a text page's characters."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfchars", NULL, -1, methods};

PyMODINIT_FUNC PyInit__pdfchars(void) { return PyModule_Create(&module); }
