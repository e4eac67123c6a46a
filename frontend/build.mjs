// Second step of `npm run build`, after Sass has written
// assets/dist/css/application.css: copies the JavaScript and images the pages
// need from npm packages and frontend/ into assets/dist/, which Django serves
// as a static root. Uses Node's standard library only.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const modules = join(root, 'node_modules')
const dist = join(root, 'assets', 'dist')

// Each entry: source file, and whether its source map should come along
// (the minified bundles point at one; without it browsers log a 404).
const scripts = [
  [join(modules, 'govuk-frontend/dist/govuk/govuk-frontend.min.js'), true],
  [join(modules, '@ministryofjustice/frontend/moj/moj-frontend.min.js'), true],
  [join(modules, 'htmx.org/dist/htmx.min.js'), false],
  [join(root, 'frontend/js/application.js'), false]
]

// Where images referenced by the compiled CSS may come from, in order.
const imageSources = [
  join(modules, '@ministryofjustice/frontend/moj/assets/images'),
  join(modules, 'govuk-frontend/dist/govuk/assets/images')
]

// The council is not GOV.UK or the MOJ: their crown, crest and logo images are
// never shipped, even where an unused rule in the package CSS names them.
const excludedImage = /(crest|crown|logotype|govuk-icon|opengraph|apple-touch-icon)/

// Our own images, copied whether or not the CSS uses them (the favicon is
// linked from base.html).
const ownImages = [join(root, 'frontend/images/favicon.svg')]

function fail (message) {
  console.error(`build: ${message}`)
  process.exit(1)
}

function copy (source, targetDir) {
  if (!existsSync(source)) fail(`missing ${source}`)
  mkdirSync(targetDir, { recursive: true })
  const target = join(targetDir, basename(source))
  copyFileSync(source, target)
  return target
}

const css = join(dist, 'css', 'application.css')
if (!existsSync(css)) fail(`${css} not found: run Sass first (npm run build)`)

// Start from empty folders so files removed from the lists above do not linger.
for (const dir of ['js', 'images']) rmSync(join(dist, dir), { recursive: true, force: true })

const copied = []

for (const [source, withMap] of scripts) {
  copied.push(copy(source, join(dist, 'js')))
  if (withMap && existsSync(`${source}.map`)) copied.push(copy(`${source}.map`, join(dist, 'js')))
}

for (const source of ownImages) copied.push(copy(source, join(dist, 'images')))

const referenced = new Set()
for (const match of readFileSync(css, 'utf8').matchAll(/url\(\s*["']?\.\.\/images\/([^"')?#]+)/g)) {
  referenced.add(match[1])
}

const skipped = []
for (const name of [...referenced].sort()) {
  if (excludedImage.test(name)) {
    skipped.push(name)
    continue
  }
  const source = imageSources.map((dir) => join(dir, name)).find((path) => existsSync(path))
  if (!source) fail(`application.css refers to images/${name}, which no package provides`)
  copied.push(copy(source, join(dist, 'images')))
}

for (const file of copied) console.log(`build: ${file.slice(root.length + 1)}`)
if (skipped.length) console.log(`build: not shipped on purpose: ${skipped.join(', ')}`)
