// The Help and Status pages: the shared style, and the archive's own TAP URL written into the text.
import './style.css';

const tapUrl = new URL('tap', new URL('.', location.href)).href;
for (const el of document.querySelectorAll('.tap-url')) el.textContent = tapUrl;
