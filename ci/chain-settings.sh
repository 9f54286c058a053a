# The chain CI runs, sourced by ci/chain-check.sh and ci/storage-check.sh so that the storage check can
# compare its remote runs with the chain-check's local one: a subset of outcomes and models keeps CI
# fast (./finsam run without these settings does the full catalogue).
export FINSAM_ESTIMATE_ONLY__OUTCOMES=${FINSAM_ESTIMATE_ONLY__OUTCOMES:-lon_kr,har_fs,offentlig_forsorjning}
export FINSAM_ESTIMATE_ONLY__MODELS=${FINSAM_ESTIMATE_ONLY__MODELS:-M1,M3,WOMEN}
