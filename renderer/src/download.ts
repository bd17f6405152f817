/**
 * Saving files from the renderer: a download of text or a data URL, the same in a browser
 * tab and in Electron's window (where the main process turns it into a save dialog).
 */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadText(text: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  downloadUrl(url, fileName);
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "mmlab-2026-11-21T06-30-00" for file names. */
export function timestampName(prefix: string): string {
  return `${prefix}-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}`;
}
