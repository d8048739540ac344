/* bench/migrate/imgbench.c - times the host side of an image: read the
 * file, check the frame and hash, unpack (fir_decode + fir_verify +
 * rebuild), pack again.  Linked against the build's libraries by run.sh.
 *   imgbench IMAGE [REPEAT] */
#include "migrate/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    double best[5] = {1e30, 1e30, 1e30, 1e30, 1e30};
    FirError err = {0};
    size_t n = 0, n2 = 0;
    for (int r = 0; r < reps; r++) {
        uint8_t *img = NULL, *again = NULL;
        VmProcess *p = NULL;
        double t0 = ms();
        if (mig_read_image(argv[1], &img, &n, &err) < 0)
            goto bad;
        double t1 = ms();
        if (mig_check_payload(img, n, NULL, &err) < 0)
            goto bad;
        double t2 = ms();
        if (mig_unpack(img, n, NULL, &p, &err) < 0)
            goto bad;
        double t3 = ms();
        if (mig_pack(p, &again, &n2, &err) < 0)
            goto bad;
        double t4 = ms();
        double t[5] = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t3 - t0};
        for (int k = 0; k < 5; k++)
            if (t[k] < best[k])
                best[k] = t[k];
        free(img);
        free(again);
        vm_process_free(p);
    }
    printf("read %.2f ms, frame+hash %.2f ms, unpack (hash, decode, verify, rebuild) %.2f ms, "
           "pack %.2f ms; read+unpack %.2f ms; image %zu bytes\n",
           best[0], best[1], best[2], best[3], best[4], n);
    return 0;
bad:
    fprintf(stderr, "imgbench: %s: %s\n", argv[1], err.msg);
    return 1;
}
