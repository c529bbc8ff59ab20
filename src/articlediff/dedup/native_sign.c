/* The fingerprint stage's signing, compiled (issue 22): the same numbers as the numpy path of minhash.py.
 *
 * dedup/native.py compiles this file at first use into the cache folder and calls it through ctypes; where
 * no compiler is found the numpy path does the same work.  Everything here is integer arithmetic modulo
 * 2^64 (C's unsigned overflow, numpy's uint64 wrap-around), so both paths give the same signatures bit for
 * bit, which tests/test_native.py checks.
 *
 * For a batch of documents, each given as the vocabulary numbers of its words:
 *   - words:    MinHash of the shingles of all its words,
 *   - skeleton: MinHash of the shingles of its skeleton words (vocabulary flag `skeleton`),
 *   - telling:  MinHash of its telling words (flag `telling`; a set, so single words, not shingles),
 *   - windows:  MinHash of a range of its skeleton shingles, for each passage window.
 * A shingle's hash is sum(word hash[k] * mult[k]) over its `width` words (one shingle for fewer words);
 * permutation p maps x to a[p] * x + b[p]; a signature keeps the top 32 bits of each minimum, and is all
 * zeros where there is nothing to sign.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The shingle hashes of n word hashes w into out (as minhash.shingle_sequence); returns how many. */
static int64_t shingle_hashes(const uint64_t *w, int64_t n, int width, const uint64_t *mult, uint64_t *out) {
    if (n <= 0) return 0;
    int k = (int64_t)width < n ? width : (int)n;
    int64_t count = n - k + 1;
    for (int64_t i = 0; i < count; i++) {
        uint64_t h = w[i] * mult[0];
        for (int j = 1; j < k; j++) h += w[i + j] * mult[j];
        out[i] = h;
    }
    return count;
}

/* The MinHash of n hashes x into sig (top 32 bits of each minimum; zeros when n is 0). */
static void sign(const uint64_t *x, int64_t n, const uint64_t *a, const uint64_t *b, int perms, uint64_t *mins,
                 uint32_t *sig) {
    if (n <= 0) {
        memset(sig, 0, sizeof(uint32_t) * perms);
        return;
    }
    for (int p = 0; p < perms; p++) mins[p] = UINT64_MAX;
    for (int64_t i = 0; i < n; i++) {
        uint64_t v = x[i];
        for (int p = 0; p < perms; p++) {
            uint64_t h = a[p] * v + b[p];
            mins[p] = h < mins[p] ? h : mins[p];
        }
    }
    for (int p = 0; p < perms; p++) sig[p] = (uint32_t)(mins[p] >> 32);
}

/* Sign a batch.  numbers[bounds[d]:bounds[d+1]] are document d's words; windows holds n_windows rows of
 * (document, first skeleton shingle, end skeleton shingle), the documents ascending.  Outputs are
 * n_docs x perms (words, skeleton, telling), n_windows x perms (windows) and n_docs (telling word counts).
 * Returns 0, or -1 when memory runs out. */
int fingerprint_batch(const int64_t *numbers, const int64_t *bounds, int64_t n_docs, const uint64_t *vocab_hash,
                      const uint8_t *vocab_skeleton, const uint8_t *vocab_telling, int width, const uint64_t *mult,
                      const uint64_t *a, const uint64_t *b, int perms, const int64_t *windows, int64_t n_windows,
                      uint32_t *words_out, uint32_t *skeleton_out, uint32_t *telling_out, uint32_t *windows_out,
                      int32_t *telling_counts) {
    int64_t longest = 1;
    for (int64_t d = 0; d < n_docs; d++)
        if (bounds[d + 1] - bounds[d] > longest) longest = bounds[d + 1] - bounds[d];
    uint64_t *all = malloc(sizeof(uint64_t) * longest);
    uint64_t *kept = malloc(sizeof(uint64_t) * longest);
    uint64_t *told = malloc(sizeof(uint64_t) * longest);
    uint64_t *shingles = malloc(sizeof(uint64_t) * longest);
    uint64_t *mins = malloc(sizeof(uint64_t) * perms);
    if (!all || !kept || !told || !shingles || !mins) {
        free(all); free(kept); free(told); free(shingles); free(mins);
        return -1;
    }
    int64_t w = 0; /* the next window */
    for (int64_t d = 0; d < n_docs; d++) {
        int64_t n = bounds[d + 1] - bounds[d], n_kept = 0, n_told = 0;
        const int64_t *at = numbers + bounds[d];
        for (int64_t i = 0; i < n; i++) {
            int64_t v = at[i];
            uint64_t h = vocab_hash[v];
            all[i] = h;
            if (vocab_skeleton[v]) kept[n_kept++] = h;
            if (vocab_telling[v]) told[n_told++] = h;
        }
        int64_t m = shingle_hashes(all, n, width, mult, shingles);
        sign(shingles, m, a, b, perms, mins, words_out + d * perms);
        sign(told, n_told, a, b, perms, mins, telling_out + d * perms);
        telling_counts[d] = (int32_t)n_told;
        m = shingle_hashes(kept, n_kept, width, mult, shingles);
        sign(shingles, m, a, b, perms, mins, skeleton_out + d * perms);
        for (; w < n_windows && windows[3 * w] == d; w++) {
            int64_t lo = windows[3 * w + 1], hi = windows[3 * w + 2];
            if (lo < 0) lo = 0;
            if (hi > m) hi = m;
            sign(shingles + lo, hi - lo, a, b, perms, mins, windows_out + w * perms);
        }
    }
    free(all); free(kept); free(told); free(shingles); free(mins);
    return 0;
}
