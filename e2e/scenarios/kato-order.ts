export function checkKatoOrder(simDir: string): void {
  throw new Error(`not written yet ${simDir}`);
}
