// The search page: HTML and CSS. The script is in WebPage+Script.swift.

/// The page at `/`.
enum WebPage {
    /// index.html.
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>tempmed</title>
    <link rel="stylesheet" href="/static/app.css">
    </head>
    <body>
    <header><h1>tempmed</h1><span id="model"></span></header>
    <main id="app"></main>
    <script src="/static/app.js"></script>
    </body>
    </html>
    """#

    /// app.css.
    static let css = #"""
    body { font-family: sans-serif; margin: 0; background: #f6f6f4; color: #222; }
    """#

    /// app.js.
    static let script = #"""
    "use strict";
    """#
}
