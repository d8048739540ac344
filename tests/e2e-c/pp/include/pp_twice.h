/* No guard: included twice on purpose. */
counter += 1;
