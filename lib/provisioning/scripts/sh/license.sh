. ./prelude.sh
wait_for_kato
if [ -z "$LICENSE_KEY" ]; then fail "the license key is empty; give the Stackato license in the variable passed as licenseKey"; fi
log "setting the Stackato license"
printf '%s' "$LICENSE_KEY" | "$KATO" license set
