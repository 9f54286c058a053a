# The chain CI runs, sourced by ci/chain-check.sh: a subset of outcomes and models keeps CI fast
# (./finsam run without these settings does the full catalogue). The subset is every outcome of
# seed 002's Figures 2-7 and the models they are drawn from (Figures 4 and 6: Modell 2), so that every
# figure is produced end to end.
export FINSAM_ESTIMATE_ONLY__OUTCOMES=${FINSAM_ESTIMATE_ONLY__OUTCOMES:-lon_kr,hi_arbete,subv_anst_eller_nystartsjobb,har_fs,fs_kr,hi_ekonomiskt_stod,sjp_dagar_netto,offentlig_forsorjning}
export FINSAM_ESTIMATE_ONLY__MODELS=${FINSAM_ESTIMATE_ONLY__MODELS:-M1,M2,M3,WOMEN}
