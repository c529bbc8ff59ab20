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

/* Sign document d's skeleton shingles x[0:m] and its windows (rows of (document, first, end) from windows,
 * starting at row w; returns the first row of the next document).  The window edges cut the shingles into
 * pieces; each piece is hashed once, into piece_sigs, and the document and each window take the minimum of
 * their pieces' signatures (the top 32 bits of a minimum are the minimum of the top 32 bits). */
static int64_t sign_skeleton(const uint64_t *x, int64_t m, int64_t d, const int64_t *windows, int64_t n_windows,
                             int64_t w, const uint64_t *a, const uint64_t *b, int perms, uint64_t *mins,
                             int64_t *edges, uint32_t *piece_sigs, uint32_t *skeleton_sig, uint32_t *windows_out) {
    int64_t first = w, n_edges = 0;
    while (w < n_windows && windows[3 * w] == d) w++;
    edges[n_edges++] = 0;
    edges[n_edges++] = m;
    for (int64_t k = first; k < w; k++) {
        for (int side = 1; side <= 2; side++) {
            int64_t e = windows[3 * k + side];
            e = e < 0 ? 0 : e > m ? m : e;
            edges[n_edges++] = e;
        }
    }
    /* sort and drop repeats (a document has tens of windows: insertion sort) */
    for (int64_t i = 1; i < n_edges; i++) {
        int64_t v = edges[i], j = i - 1;
        while (j >= 0 && edges[j] > v) { edges[j + 1] = edges[j]; j--; }
        edges[j + 1] = v;
    }
    int64_t n_unique = 0;
    for (int64_t i = 0; i < n_edges; i++)
        if (n_unique == 0 || edges[i] != edges[n_unique - 1]) edges[n_unique++] = edges[i];
    int64_t pieces = n_unique - 1;
    for (int64_t k = 0; k < pieces; k++)
        sign(x + edges[k], edges[k + 1] - edges[k], a, b, perms, mins, piece_sigs + k * perms);
    if (m <= 0) {
        memset(skeleton_sig, 0, sizeof(uint32_t) * perms);
    } else {
        for (int p = 0; p < perms; p++) skeleton_sig[p] = UINT32_MAX;
        for (int64_t k = 0; k < pieces; k++)
            for (int p = 0; p < perms; p++) {
                uint32_t v = piece_sigs[k * perms + p];
                skeleton_sig[p] = v < skeleton_sig[p] ? v : skeleton_sig[p];
            }
    }
    for (int64_t k = first; k < w; k++) {
        int64_t lo = windows[3 * k + 1], hi = windows[3 * k + 2];
        lo = lo < 0 ? 0 : lo > m ? m : lo;
        hi = hi < lo ? lo : hi > m ? m : hi;
        uint32_t *out = windows_out + k * perms;
        if (hi == lo) {
            memset(out, 0, sizeof(uint32_t) * perms);
            continue;
        }
        int64_t piece = 0;
        while (edges[piece] < lo) piece++;
        for (int p = 0; p < perms; p++) out[p] = UINT32_MAX;
        for (; piece < pieces && edges[piece] < hi; piece++)
            for (int p = 0; p < perms; p++) {
                uint32_t v = piece_sigs[piece * perms + p];
                out[p] = v < out[p] ? v : out[p];
            }
    }
    return w;
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
    int64_t longest = 1, most_windows = 0;
    for (int64_t d = 0; d < n_docs; d++)
        if (bounds[d + 1] - bounds[d] > longest) longest = bounds[d + 1] - bounds[d];
    for (int64_t k = 0, run = 0; k < n_windows; k++) {
        run = (k > 0 && windows[3 * k] == windows[3 * k - 3]) ? run + 1 : 1;
        if (run > most_windows) most_windows = run;
    }
    int64_t most_edges = 2 * most_windows + 2;
    uint64_t *all = malloc(sizeof(uint64_t) * longest);
    uint64_t *kept = malloc(sizeof(uint64_t) * longest);
    uint64_t *told = malloc(sizeof(uint64_t) * longest);
    uint64_t *shingles = malloc(sizeof(uint64_t) * longest);
    uint64_t *mins = malloc(sizeof(uint64_t) * perms);
    int64_t *edges = malloc(sizeof(int64_t) * most_edges);
    uint32_t *piece_sigs = malloc(sizeof(uint32_t) * perms * most_edges);
    int ok = all && kept && told && shingles && mins && edges && piece_sigs;
    int64_t w = 0; /* the next window */
    for (int64_t d = 0; ok && d < n_docs; d++) {
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
        while (w < n_windows && windows[3 * w] < d) w++; /* rows of no document in the batch: left as zeros */
        m = shingle_hashes(kept, n_kept, width, mult, shingles);
        w = sign_skeleton(shingles, m, d, windows, n_windows, w, a, b, perms, mins, edges, piece_sigs,
                          skeleton_out + d * perms, windows_out);
    }
    free(all); free(kept); free(told); free(shingles); free(mins); free(edges); free(piece_sigs);
    return ok ? 0 : -1;
}
