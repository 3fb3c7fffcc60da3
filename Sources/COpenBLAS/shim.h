#ifndef LABRUN_COPENBLAS_SHIM_H
#define LABRUN_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
