/* Published constant tables used by the panel unit-root tests
 * (src/unitroot_tables.c; every table there cites its source). */
#ifndef COAGG_UNITROOT_TABLES_H
#define COAGG_UNITROOT_TABLES_H

#define COAGG_MK_NP 221

/* MacKinnon (1996): tau response surfaces, one variable. */
extern const double coagg_mk_probs[COAGG_MK_NP];
extern const double coagg_mk_cnorm[COAGG_MK_NP];
extern const int coagg_mk_model[4];
extern const int coagg_mk_minsize[4];
extern const double coagg_mk_beta[4][COAGG_MK_NP][4];
extern const double coagg_mk_wght[4][COAGG_MK_NP];

/* Levin, Lin and Chu (2002), Table 2. */
#define COAGG_LLC_NT 13
extern const double coagg_llc_T[COAGG_LLC_NT];
extern const double coagg_llc_adj[COAGG_LLC_NT][6];

/* Im, Pesaran and Shin (2003), Table 3: moments of the ADF t statistic. */
#define COAGG_IPS3_NT 10
#define COAGG_IPS3_NP 9
extern const double coagg_ips3_T[COAGG_IPS3_NT];
extern const double coagg_ips3_mean[2][COAGG_IPS3_NP][COAGG_IPS3_NT];
extern const double coagg_ips3_var[2][COAGG_IPS3_NP][COAGG_IPS3_NT];

/* Im, Pesaran and Shin (2003), Table 2: critical values of t-bar. */
#define COAGG_IPS2_NN 8
#define COAGG_IPS2_NT 11
extern const double coagg_ips2_N[COAGG_IPS2_NN];
extern const double coagg_ips2_T[COAGG_IPS2_NT];
extern const double coagg_ips2_crit[2][3][COAGG_IPS2_NN][COAGG_IPS2_NT];

/* Pesaran (2007): CADF truncation bounds and Tables II(a)-(c), critical
 * values of CIPS and CIPS*, [statistic][case][level][N][T]. */
#define COAGG_CIPS_NG 8
extern const double coagg_cips_k1[3];
extern const double coagg_cips_k2[3];
extern const double coagg_cips_grid[COAGG_CIPS_NG];
extern const double coagg_cips_crit[2][3][3][COAGG_CIPS_NG][COAGG_CIPS_NG];

#endif
