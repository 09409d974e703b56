/** Escapes text for HTML element content and double- or single-quoted attribute values (pages and e-mails alike). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
