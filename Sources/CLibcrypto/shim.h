#ifndef LABRUN_CLIBCRYPTO_SHIM_H
#define LABRUN_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
