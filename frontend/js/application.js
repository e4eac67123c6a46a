// Page behaviour for every page. Loaded by base.html as an ES module from our
// own origin (so the content security policy needs no nonce for it), after
// htmx, which is a classic script. Module scripts only run in browsers that
// GOV.UK Frontend supports; others get the plain HTML, which must work alone.

import { createAll, initAll as initGovukFrontend } from './govuk-frontend.min.js'
import { FilterToggleButton, initAll as initMojFrontend } from './moj-frontend.min.js'

// Components in content that htmx swaps in may already have been set up when
// the same markup was on the page before; GOV.UK Frontend reports that as an
// error per component. Anything else is worth seeing in the console.
function reportUnexpected (error) {
  if (error && error.name === 'InitError') return
  console.error(error)
}

// base.html's inline script marks <body> when the browser is one GOV.UK
// Frontend supports. If that script did not run (it is blocked when a page is
// rendered without a CSP nonce, as the 500 page is), leave the page as HTML.
const supported = document.body.classList.contains('govuk-frontend-supported')

function initComponents (scope) {
  if (!supported) return
  initGovukFrontend({ scope, onError: reportUnexpected })
  initMojFrontend({ scope, onError: reportUnexpected })
  // MOJ's initAll leaves out the filter toggle, which needs its page's layout: on a phone
  // it folds a list's filter (data-module="moj-filter") behind a "Show filter" button.
  createAll(FilterToggleButton, undefined, { scope, onError: reportUnexpected })
}

initComponents(document)

// Django's CSRF protection: send the token from <meta name="csrf-token"> with
// every htmx request that can change something.
function csrfToken () {
  const meta = document.querySelector('meta[name="csrf-token"]')
  return meta ? meta.getAttribute('content') : ''
}

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS', 'TRACE']

document.addEventListener('htmx:configRequest', (event) => {
  const method = (event.detail.verb || 'get').toUpperCase()
  const token = csrfToken()
  if (token && !SAFE_METHODS.includes(method)) {
    event.detail.headers['X-CSRFToken'] = token
  }
})

// After htmx has put new content into the page, set up any GOV.UK or MOJ
// components in it. `htmx:load` fires once for each new top-level element
// (plain swaps, outerHTML swaps and out-of-band swaps alike), unlike
// `htmx:afterSwap`, whose target may be the element that was just replaced.
// The search starts from the parent because initAll only looks at
// descendants of its scope, and the new element may itself be a component;
// neighbours that are already set up are skipped (reportUnexpected ignores
// their InitError). The event also fires for <body> when htmx starts, which
// initComponents(document) above has already covered.
document.addEventListener('htmx:load', (event) => {
  const element = event.target
  if (!(element instanceof Element) || element === document.body) return
  const scope = element.parentElement
  if (scope) initComponents(scope)
})
