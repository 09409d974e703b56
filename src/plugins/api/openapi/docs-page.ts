import { cspNonce } from 'dbsbm';
import type { RequestHandler, Router } from 'express';
import swaggerUi from 'swagger-ui-express';

/** Where the docs page lives, and the document it reads. */
export const DOCS_PATH = '/api/docs';
export const OPENAPI_URL = '/api/v1/openapi.json';

/** How the template hides its SVG sprite: with a `style` attribute, which the core's policy blocks (no `'unsafe-inline'`). */
const SPRITE_STYLE = ' style="position:absolute;width:0;height:0"';

/** The same rule, in the page's nonce-carrying style block. */
const CSS = 'body > svg:first-of-type { position: absolute; width: 0; height: 0; }';


/** The files the page loads, relative to the docs path; anything else there answers 404. */
const PAGE_ASSETS = new Set(['/swagger-ui.css', '/swagger-ui-bundle.js', '/swagger-ui-standalone-preset.js', '/swagger-ui-init.js', '/favicon-32x32.png', '/favicon-16x16.png']);

/** Only what the page loads passes: swagger-ui-dist also holds a demo page and initializer that point at the Petstore. */
const onlyPageAssets: RequestHandler = (req, _res, next) => next(PAGE_ASSETS.has(req.path) ? undefined : 'router');

/**
 * swagger-ui-express's page, without the style attribute. Its assets (`./swagger-ui-bundle.js`, the init script) are
 * relative, so the page is served at `/api/docs/` (with the slash) and the bare path redirects there.
 */
function pageTemplate(): string {
  return swaggerUi.generateHTML(undefined, { swaggerUrl: OPENAPI_URL, customSiteTitle: 'DBSBM API', customCss: CSS }).replace(SPRITE_STYLE, '');
}

/**
 * The page's HTML with this response's CSP nonce on its two inline `<style>` blocks: the only inline code it has
 * (its scripts are files served from here, which `'self'` allows).
 */
function withNonce(template: string, nonce: string): string {
  return template.replaceAll('<style>', `<style nonce="${nonce}">`);
}

/**
 * `GET /api/docs/`: Swagger UI for the deployment's API, reading `/api/v1/openapi.json`. Public, like the document.
 * Works under the core's Content-Security-Policy as is: every script is a file from this origin and the inline styles
 * carry the response's nonce.
 * @param _ctx unused: the page needs nothing of the plugin's context (accepted so `rootRoutes` can pass it through).
 * @since 1.2.0
 */
export function docsRoutes(router: Router, _ctx?: unknown): void {
  const template = pageTemplate();
  // The page is at `/api/docs/`, so its relative asset URLs resolve under it; the bare path redirects there.
  router.get(DOCS_PATH, (req, res) => {
    if (!req.originalUrl.split('?', 1)[0]!.endsWith('/')) {
      res.redirect(301, `${DOCS_PATH}/`);
      return;
    }
    res.type('html').setHeader('cache-control', 'no-cache').send(withNonce(template, cspNonce(res)));
  });
  router.use(
    DOCS_PATH,
    onlyPageAssets,
    swaggerUi.serveFiles(undefined, {
      swaggerUrl: OPENAPI_URL,
      // `queryConfigEnabled` stays off: a `?url=` in a link must not point the page at someone else's document.
      // `BaseLayout` leaves out the top bar, whose logo is an SVG with its own `<style>` that the policy would block.
      swaggerOptions: { url: OPENAPI_URL, layout: 'BaseLayout', displayOperationId: true },
    }),
  );
}
