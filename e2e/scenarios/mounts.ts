export function checkMounts(simDir: string): void {
  throw new Error(`not written yet ${simDir}`);
}
