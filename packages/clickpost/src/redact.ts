/** Replaces every occurrence of each secret (and its URL-encoded form) in a text. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const needles = [
    ...new Set(secrets.filter((s) => s.length > 0).flatMap((s) => [s, encodeURIComponent(s)])),
  ].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const needle of needles) out = out.split(needle).join('[redacted]');
    return out;
  };
}
