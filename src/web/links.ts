/** Addresses of the read-only glossary pages that chat messages link to. */
export interface Links {
  term(slug: string): string;
  proposal(id: number): string;
  history(slug: string): string;
  /** The latest weekly digest. */
  digest(): string;
}

/** Page links under the server's public address (`https://concord.example.com`, with or without a trailing slash). */
export function createLinks(publicUrl: string): Links {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    term: (slug) => `${base}/terms/${encodeURIComponent(slug)}`,
    history: (slug) => `${base}/terms/${encodeURIComponent(slug)}/history`,
    proposal: (id) => `${base}/proposals/${encodeURIComponent(String(id))}`,
    digest: () => `${base}/digest`,
  };
}
