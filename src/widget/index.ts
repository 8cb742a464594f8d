// Entry of /embed.js: defines <circles-finder>. The API defaults to the origin this script came
// from, so `<script src="https://circles.example.org/embed.js">` needs no other setting.
import { defineFinder } from './element.js';

const src = (document.currentScript as HTMLScriptElement | null)?.src;
defineFinder(src ? new URL(src).origin : location.origin);
