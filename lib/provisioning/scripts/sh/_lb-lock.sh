exec 9> "$STATE_DIR/lb.lock"
flock 9
