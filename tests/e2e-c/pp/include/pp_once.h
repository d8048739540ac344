#pragma once
static int once_value = 42;
#include "pp_guard.h"
