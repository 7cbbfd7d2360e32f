#include "dyad/output.h"
