// The web page's HTML and CSS; its script is in WebPage+Script.swift. Nothing is fetched from elsewhere.

/// The page at `/`: search, results with thumbnails, a record page showing TempMe's merges, a stats panel.
enum WebPage {
    /// index.html.
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>tempmed</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/static/app.css">
    </head>
    <body>
    <header>
      <a href="#/" class="brand">tempmed</a>
      <span id="model" class="muted"></span>
      <form id="token-form" title="Only needed when the daemon has security.auth_token_file">
        <input id="token" type="password" placeholder="token (if the daemon needs one)" autocomplete="off">
        <button type="submit">Use token</button>
      </form>
    </header>
    <main>
      <section id="search-view">
        <form id="search-form">
          <input id="caption" type="search" placeholder="Describe a clip, e.g. a red circle moves left then a blue square appears" autofocus>
          <label>k <input id="k" type="number" min="1" max="100" value="12"></label>
          <button id="search-button" type="submit">Search</button>
        </form>
        <p id="search-status" class="muted"></p>
        <div id="results"></div>
      </section>
      <section id="record-view" hidden>
        <p><a href="#/">&larr; back to search</a></p>
        <div id="record"></div>
      </section>
      <aside id="stats"><h2>Stats</h2><dl id="stats-list"></dl></aside>
    </main>
    <script src="/static/app.js"></script>
    </body>
    </html>
    """#

    /// app.css.
    static let css = #"""
    * { box-sizing: border-box; }
    body { font-family: system-ui, sans-serif; margin: 0; background: #f4f4f1; color: #1d1d1f; }
    header { display: flex; gap: 1em; align-items: center; padding: 0.6em 1em; background: #23262d; color: #eee; }
    header .brand { color: #fff; font-weight: 700; font-size: 1.2em; text-decoration: none; }
    header form { margin-left: auto; display: flex; gap: 0.4em; }
    .muted { color: #888; font-size: 0.9em; }
    main { display: grid; grid-template-columns: 1fr 15em; gap: 1em; padding: 1em; }
    #search-form { display: flex; gap: 0.5em; }
    #caption { flex: 1; font-size: 1.05em; padding: 0.45em; }
    #k { width: 4em; }
    button { padding: 0.4em 0.9em; cursor: pointer; }
    #results { display: grid; grid-template-columns: repeat(auto-fill, minmax(21em, 1fr)); gap: 0.8em; }
    .hit { background: #fff; border-radius: 6px; padding: 0.6em; box-shadow: 0 1px 3px #0002; cursor: pointer; }
    .hit:hover { box-shadow: 0 2px 8px #0004; }
    .hit h3 { margin: 0 0 0.3em; font-size: 1em; display: flex; justify-content: space-between; }
    .rank { color: #888; margin-right: 0.4em; }
    .score { font-variant-numeric: tabular-nums; color: #2a6; }
    .strip { display: grid; grid-template-columns: repeat(6, 1fr); gap: 2px; }
    img.thumb { width: 100%; aspect-ratio: 1; background: #ddd; display: block; border-radius: 2px; }
    img.thumb.missing { background: repeating-linear-gradient(45deg, #ddd, #ddd 4px, #eee 4px, #eee 8px); }
    .meta { font-size: 0.85em; color: #555; margin-top: 0.3em; word-break: break-all; }
    .moment { font-size: 0.85em; color: #a50; }
    .error { color: #b00; }
    aside { background: #fff; border-radius: 6px; padding: 0.6em 1em; align-self: start; box-shadow: 0 1px 3px #0002; }
    aside h2 { font-size: 1em; margin: 0.2em 0 0.5em; }
    dl { display: grid; grid-template-columns: auto auto; gap: 0.2em 0.8em; margin: 0; font-size: 0.9em; }
    dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
    .frames { display: grid; grid-template-columns: repeat(12, 1fr); gap: 3px; max-width: 60em; }
    .merge-row { display: flex; align-items: center; gap: 0.6em; margin: 0.35em 0; }
    .merge-row .label { width: 11em; font-size: 0.85em; color: #444; }
    .merge-row .clips { display: flex; gap: 6px; flex: 1; }
    .clip { display: flex; gap: 1px; padding: 3px; border: 2px solid #5a7; border-radius: 4px; background: #fff; }
    .clip img.thumb { width: 2.6em; }
    table { border-collapse: collapse; font-size: 0.9em; margin-top: 0.5em; }
    th, td { padding: 0.2em 0.7em; border-bottom: 1px solid #ddd; text-align: right; font-variant-numeric: tabular-nums; }
    th:first-child, td:first-child { text-align: left; }
    """#
}
