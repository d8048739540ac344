/* migrate.h - FIR process migration (see DESIGN.md).
 *   int migrate(const char *target);  "checkpoint:FILE", "suspend:FILE" or
 *                                     "migrate:HOST:PORT"; 0 on success */
#ifndef _MIGRATE_H
#define _MIGRATE_H

#define migrate(t) __builtin_migrate(t)

#endif
