// The page's files by name. The page's HTML, CSS and JavaScript live in WebPage*.swift as string literals.

/// One static file: its type and text.
struct StaticAsset: Sendable {
    /// The Content-Type header.
    let contentType: String
    /// The file's text.
    let text: String
}

/// Every file the page uses; nothing else is served from `/static`.
enum StaticAssets {
    /// Files by name.
    static let files: [String: StaticAsset] = [
        "index.html": StaticAsset(contentType: "text/html; charset=utf-8", text: WebPage.html),
        "app.css": StaticAsset(contentType: "text/css; charset=utf-8", text: WebPage.css),
        "app.js": StaticAsset(contentType: "text/javascript; charset=utf-8", text: WebPage.script),
    ]
}
