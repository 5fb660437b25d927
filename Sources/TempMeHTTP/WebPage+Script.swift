// The web page's script: the JSON API and thumbnails through fetch (so a token can be sent), no libraries.

extension WebPage {
    /// app.js.
    static let script = #"""
    "use strict";
    const state = { token: localStorage.getItem("tempmed.token") || "", info: null };

    function authHeaders(extra) {
      const headers = Object.assign({}, extra || {});
      if (state.token) headers["Authorization"] = "Bearer " + state.token;
      return headers;
    }

    async function api(method, path, body) {
      const init = { method, headers: authHeaders(body === undefined ? {} : { "Content-Type": "application/json" }) };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await fetch(path, init);
      const text = await response.text();
      let json = null;
      try { json = JSON.parse(text); } catch (e) { json = null; }
      if (!response.ok) {
        const e = json && json.error;
        throw new Error(e ? e.code + ": " + e.message + " (request id " + e.request_id + ")" : "HTTP " + response.status);
      }
      return json;
    }

    function el(tag, attributes, ...children) {
      const node = document.createElement(tag);
      for (const [key, value] of Object.entries(attributes || {})) {
        if (key === "class") node.className = value; else node.setAttribute(key, value);
      }
      for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      return node;
    }

    function thumbnail(id, index) {
      const img = el("img", { class: "thumb", alt: "frame " + index, "data-index": index });
      fetch("/v1/videos/" + encodeURIComponent(id) + "/thumbnails/" + index, { headers: authHeaders() })
        .then(r => r.ok ? r.blob() : Promise.reject(r.status))
        .then(blob => { img.src = URL.createObjectURL(blob); })
        .catch(() => { img.classList.add("missing"); img.alt = "no thumbnail"; });
      return img;
    }

    function metadataText(metadata) {
      return Object.entries(metadata || {}).map(([k, v]) => k + "=" + v).join("  ");
    }

    function momentText(moment) {
      const start = moment.start_seconds, end = moment.end_seconds;
      const span = start !== undefined || end !== undefined ? (start || 0).toFixed(1) + "–" + (end || 0).toFixed(1) + " s" : JSON.stringify(moment);
      return "moment " + span + (moment.score !== undefined ? " (" + moment.score.toFixed(3) + ")" : "");
    }

    async function search(event) {
      event.preventDefault();
      const text = document.getElementById("caption").value.trim();
      const k = parseInt(document.getElementById("k").value, 10) || 12;
      const status = document.getElementById("search-status");
      const results = document.getElementById("results");
      if (!text) return;
      status.textContent = "searching…";
      status.className = "muted";
      try {
        const answer = await api("POST", "/v1/search", { text, k });
        results.replaceChildren();
        const hits = answer.hits || [];
        hits.forEach((hit, rank) => results.append(hitCard(hit, rank)));
        status.textContent = hits.length + " of " + (answer.candidates || 0) + " videos in " + (answer.elapsed_ms || 0).toFixed(1) + " ms";
        results.setAttribute("data-query", text);
      } catch (error) {
        status.textContent = error.message;
        status.className = "error";
      }
    }

    function hitCard(hit, rank) {
      const frames = state.info ? state.info.frames : 12;
      const strip = el("div", { class: "strip" });
      for (let i = 0; i < frames; i++) strip.append(thumbnail(hit.id, i));
      const card = el("article", { class: "hit", "data-id": hit.id },
        el("h3", {}, el("span", {}, el("span", { class: "rank" }, "#" + (rank + 1)), hit.id),
           el("span", { class: "score" }, (hit.score || 0).toFixed(4))),
        strip, el("div", { class: "meta" }, metadataText(hit.metadata)));
      for (const moment of hit.moments || []) card.append(el("div", { class: "moment" }, momentText(moment)));
      card.addEventListener("click", () => { location.hash = "#/video/" + encodeURIComponent(hit.id); });
      return card;
    }

    // Which frames each clip holds after every ClipMe stage: consecutive clips are grouped group_size at a time.
    function clipGroups(frames, schedule) {
      let groups = Array.from({ length: frames }, (_, i) => [i]);
      const rows = [{ layer: 0, groups }];
      for (const stage of schedule || []) {
        const merged = [];
        for (let i = 0; i < groups.length; i += stage.group_size) merged.push(groups.slice(i, i + stage.group_size).flat());
        groups = merged;
        rows.push({ layer: stage.layer, groups });
      }
      return rows;
    }

    async function showRecord(id) {
      document.getElementById("search-view").hidden = true;
      document.getElementById("record-view").hidden = false;
      const box = document.getElementById("record");
      box.replaceChildren(el("p", { class: "muted" }, "loading " + id + "…"));
      try {
        const answer = await api("POST", "/v1/get", { id, kind: "KIND_VIDEO" });
        const record = answer.record, video = record.video || {};
        const info = state.info || await api("GET", "/v1/info");
        const sampled = video.sampled_frames || [];
        const frames = sampled.length || info.frames;
        box.replaceChildren();
        box.setAttribute("data-id", id);
        box.append(el("h2", {}, id), el("p", { class: "meta" }, metadataText(record.metadata)),
          el("p", { class: "muted" }, (video.duration_seconds || 0).toFixed(2) + " s at " + (video.fps || 0).toFixed(2) +
            " fps; sampled frames " + sampled.join(", ") + "; model " + (record.model_fingerprint || "")));
        const strip = el("div", { class: "frames", id: "frames" });
        for (let i = 0; i < frames; i++) strip.append(thumbnail(id, i));
        box.append(el("h3", {}, "The frames the encoder saw"), strip);
        box.append(el("h3", {}, "Which frames were merged into which clips (ClipMe, per merge layer)"));
        const merges = el("div", { id: "merges" });
        const schedule = info.mode === "ENCODER_MODE_TEMPME" ? info.merge_schedule : [];
        for (const row of clipGroups(frames, schedule)) {
          const clips = el("div", { class: "clips" });
          for (const group of row.groups) {
            const clip = el("div", { class: "clip", title: "frames " + group.join(", ") });
            for (const index of group) clip.append(thumbnail(id, index));
            clips.append(clip);
          }
          const label = row.layer === 0 ? "input: " + row.groups.length + " clips" : "after layer " + row.layer + ": " + row.groups.length + " clips";
          merges.append(el("div", { class: "merge-row", "data-layer": row.layer }, el("span", { class: "label" }, label), clips));
        }
        if (!schedule.length) merges.append(el("p", { class: "muted" }, "this daemon runs " + info.mode + ": no clip merging"));
        box.append(merges, tokenTable((video.cost && video.cost.tokens_per_layer) || info.tokens_per_layer || [], info));
      } catch (error) {
        box.replaceChildren(el("p", { class: "error" }, error.message));
      }
    }

    // Tokens per layer under TempMe against LoRA's, which keeps every token of every frame at every layer:
    // frames x (patches + CLS), the patch size read off the backbone's name (224 px frames).
    function loraTokens(layers, info) {
      const patch = /patch (\d+)/.exec(info.backbone || "");
      const perFrame = patch ? Math.pow(Math.floor(224 / parseInt(patch[1], 10)), 2) + 1 : layers[0].tokens_per_clip;
      return (layers[0].clips || 0) * perFrame;
    }

    function tokenTable(layers, info) {
      const table = el("table", { id: "tokens" },
        el("tr", {}, el("th", {}, "layer"), el("th", {}, "clips"), el("th", {}, "tokens per clip"),
           el("th", {}, "TempMe tokens"), el("th", {}, "LoRA tokens"), el("th", {}, "TempMe / LoRA")));
      if (!layers.length) return table;
      const lora = loraTokens(layers, info);
      let tempmeSum = 0;
      for (const layer of layers) {
        const tokens = (layer.clips || 0) * (layer.tokens_per_clip || 0);
        tempmeSum += tokens;
        table.append(el("tr", {}, el("td", {}, layer.layer || 0), el("td", {}, layer.clips || 0), el("td", {}, layer.tokens_per_clip || 0),
          el("td", {}, tokens), el("td", {}, lora), el("td", {}, (tokens / lora).toFixed(2))));
      }
      table.append(el("tr", {}, el("th", {}, "all layers"), el("td", {}), el("td", {}), el("th", {}, tempmeSum),
        el("th", {}, lora * layers.length), el("th", {}, (tempmeSum / (lora * layers.length)).toFixed(2))));
      return el("div", {}, el("h3", {}, "Tokens per layer, TempMe against LoRA"), table);
    }

    async function refreshStats() {
      try {
        const stats = await api("GET", "/v1/stats");
        const rows = [["videos", stats.video_count || 0], ["texts", stats.text_count || 0],
          ["queue", (stats.queue_depth || 0) + " / " + (stats.queue_capacity || 0)], ["ingested", stats.ingested_total || 0],
          ["searches", stats.searches_total || 0], ["mean encode", (stats.mean_encode_ms || 0).toFixed(0) + " ms"],
          ["store", ((stats.store_bytes || 0) / 1048576).toFixed(1) + " MiB"], ["uptime", Math.round(stats.uptime_seconds || 0) + " s"]];
        document.getElementById("stats-list").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
      } catch (error) {
        document.getElementById("stats-list").replaceChildren(el("dt", { class: "error" }, error.message));
      }
    }

    async function loadInfo() {
      try {
        state.info = await api("GET", "/v1/info");
        document.getElementById("model").textContent = state.info.backbone + " · " + state.info.mode.replace("ENCODER_MODE_", "").toLowerCase() +
          " · " + state.info.frames + " frames · " + (state.info.precision || "fp32");
      } catch (error) {
        document.getElementById("model").textContent = error.message;
      }
    }

    function route() {
      const match = location.hash.match(/^#\/video\/(.+)$/);
      if (match) { showRecord(decodeURIComponent(match[1])); return; }
      document.getElementById("search-view").hidden = false;
      document.getElementById("record-view").hidden = true;
    }

    document.getElementById("search-form").addEventListener("submit", search);
    document.getElementById("token-form").addEventListener("submit", event => {
      event.preventDefault();
      state.token = document.getElementById("token").value.trim();
      localStorage.setItem("tempmed.token", state.token);
      loadInfo(); refreshStats();
    });
    window.addEventListener("hashchange", route);
    loadInfo().then(route);
    refreshStats();
    setInterval(refreshStats, 5000);
    """#
}
