// uz-translit page: converts as you type through POST /api/convert, uploads documents to
// POST /api/convert-file. Converted text is only ever inserted as text (text nodes and
// textContent), never as HTML. No inline script: the page's CSP forbids it.
"use strict";

(function () {
  const DEBOUNCE_MS = 60; // after the last key, before asking the server
  const $ = (id) => document.getElementById(id);

  const MESSAGES = {
    "uz-Latn": {
      title: "Oʻzbek lotin ↔ kirill",
      tagline: "Matnni yozing yoki qoʻying, yoxud hujjat yuklang. Hammasi shu kompyuterda qoladi.",
      language: "Til",
      direction: "Yoʻnalish",
      dir_auto: "Avtomatik",
      dir_c2l: "Kirill → Lotin",
      dir_l2c: "Lotin → Kirill",
      detected: "Aniqlandi: {dir}",
      scheme: "Lotin alifbosi",
      scheme_1995: "1995 (amaldagi)",
      scheme_2021: "2021 (loyiha)",
      scheme_2023: "2023 (loyiha)",
      scheme_2026: "2026 (qonun loyihasi)",
      apostrophe: "Apostrof",
      apos_unicode: "Unicode: oʻ, maʼno",
      apos_ascii: "ASCII: o', ma'no",
      apos_typographic: "Tipografik: o‘, ma’no",
      keep: "Oʻzgartirilmasin",
      keep_hint: "soʻzlarni vergul bilan ajrating",
      source: "Matn",
      source_placeholder: "Matnni shu yerga yozing yoki qoʻying…",
      result: "Natija",
      copy: "Nusxalash",
      copied: "Natija nusxalandi.",
      unsure_none: "Tekshiriladigan soʻz yoʻq.",
      unsure_some: "Tekshiriladigan soʻzlar: {n}. Dastur ularni taxmin qildi; sababini koʻrish uchun ustiga olib boring yoki Tab bilan tanlang.",
      file_title: "Hujjatni oʻgirish",
      file_label: "Faylni tanlang: txt, html, md, srt, vtt, docx, json, jsonl, csv, parquet",
      file_working: "{name} oʻgirilmoqda…",
      file_done: "Tayyor: {name} yuklab olindi.",
      error: "Xato: {msg}",
      footer: "Dastur shu kompyuterda ishlaydi: matningiz hech qayerga yuborilmaydi.",
      script_cyrillic: "kirill",
      script_latin: "lotin",
      why_ts: "ts oʻzlashma soʻzda ц (таблица) yoki т + с boʻlishi mumkin; lugʻatlarda yoʻq",
      why_ye: "undoshdan keyingi ye ъе (объект) yoki ье (премьер) boʻlishi mumkin; lugʻatlarda yoʻq",
      why_y: "undoshdan keyingi y oldida ь yoki ъ boʻlishi mumkin (Марья, объём, Ильин); lugʻatlarda yoʻq",
      why_dictionary: "rus tilidan oʻzlashgan soʻz yoki rus ismi (rus lugʻatidan)",
      why_numeral: "yakka bosh harf rim raqami deb oʻqildi",
      why_mixed: "kirill va lotin harflari aralashgan: terishda xato boʻlsa kerak",
    },
    "uz-Cyrl": {
      title: "Ўзбек лотин ↔ кирилл",
      tagline: "Матнни ёзинг ёки қўйинг, ёхуд ҳужжат юкланг. Ҳаммаси шу компьютерда қолади.",
      language: "Тил",
      direction: "Йўналиш",
      dir_auto: "Автоматик",
      dir_c2l: "Кирилл → Лотин",
      dir_l2c: "Лотин → Кирилл",
      detected: "Аниқланди: {dir}",
      scheme: "Лотин алифбоси",
      scheme_1995: "1995 (амалдаги)",
      scheme_2021: "2021 (лойиҳа)",
      scheme_2023: "2023 (лойиҳа)",
      scheme_2026: "2026 (қонун лойиҳаси)",
      apostrophe: "Апостроф",
      apos_unicode: "Unicode: oʻ, maʼno",
      apos_ascii: "ASCII: o', ma'no",
      apos_typographic: "Типографик: o‘, ma’no",
      keep: "Ўзгартирилмасин",
      keep_hint: "сўзларни вергул билан ажратинг",
      source: "Матн",
      source_placeholder: "Матнни шу ерга ёзинг ёки қўйинг…",
      result: "Натижа",
      copy: "Нусхалаш",
      copied: "Натижа нусхаланди.",
      unsure_none: "Текшириладиган сўз йўқ.",
      unsure_some: "Текшириладиган сўзлар: {n}. Дастур уларни тахмин қилди; сабабини кўриш учун устига олиб боринг ёки Tab билан танланг.",
      file_title: "Ҳужжатни ўгириш",
      file_label: "Файлни танланг: txt, html, md, srt, vtt, docx, json, jsonl, csv, parquet",
      file_working: "{name} ўгирилмоқда…",
      file_done: "Тайёр: {name} юклаб олинди.",
      error: "Хато: {msg}",
      footer: "Дастур шу компьютерда ишлайди: матнингиз ҳеч қаерга юборилмайди.",
      script_cyrillic: "кирилл",
      script_latin: "лотин",
      why_ts: "ts ўзлашма сўзда ц (таблица) ёки т + с бўлиши мумкин; луғатларда йўқ",
      why_ye: "ундошдан кейинги ye ъе (объект) ёки ье (премьер) бўлиши мумкин; луғатларда йўқ",
      why_y: "ундошдан кейинги y олдида ь ёки ъ бўлиши мумкин (Марья, объём, Ильин); луғатларда йўқ",
      why_dictionary: "рус тилидан ўзлашган сўз ёки рус исми (рус луғатидан)",
      why_numeral: "якка бош ҳарф рим рақами деб ўқилди",
      why_mixed: "кирилл ва лотин ҳарфлари аралашган: теришда хато бўлса керак",
    },
    en: {
      title: "Uzbek Latin ↔ Cyrillic",
      tagline: "Type or paste text, or upload a document. Everything stays on this computer.",
      language: "Language",
      direction: "Direction",
      dir_auto: "Automatic",
      dir_c2l: "Cyrillic → Latin",
      dir_l2c: "Latin → Cyrillic",
      detected: "Detected: {dir}",
      scheme: "Latin alphabet",
      scheme_1995: "1995 (in force)",
      scheme_2021: "2021 (draft)",
      scheme_2023: "2023 (draft)",
      scheme_2026: "2026 (bill)",
      apostrophe: "Apostrophe",
      apos_unicode: "Unicode: oʻ, maʼno",
      apos_ascii: "ASCII: o', ma'no",
      apos_typographic: "Typographic: o‘, ma’no",
      keep: "Never convert",
      keep_hint: "words separated by commas",
      source: "Text",
      source_placeholder: "Type or paste text here…",
      result: "Result",
      copy: "Copy",
      copied: "Result copied.",
      unsure_none: "No words to check.",
      unsure_some: "Words to check: {n}. The converter guessed them; hover over one or reach it with Tab to see why.",
      file_title: "Convert a document",
      file_label: "Choose a file: txt, html, md, srt, vtt, docx, json, jsonl, csv, parquet",
      file_working: "Converting {name}…",
      file_done: "Done: {name} downloaded.",
      error: "Error: {msg}",
      footer: "This program runs on this computer: your text is sent nowhere else.",
      script_cyrillic: "Cyrillic",
      script_latin: "Latin",
      why_ts: "ts may be ц in a loanword (таблица) or т + с; no dictionary entry",
      why_ye: "ye after a consonant may be ъе (объект) as well as ье (премьер); no dictionary entry",
      why_y: "y after a consonant may follow ь or ъ (Марья, объём, Ильин); no dictionary entry",
      why_dictionary: "a Russian loanword or name (Russian dictionary)",
      why_numeral: "a single capital read as a Roman numeral",
      why_mixed: "mixes Cyrillic and Latin letters: a typing slip?",
    },
  };

  const STORE = "translit-lang";
  let lang = pickLanguage();
  let last = null; // the last answer of /api/convert shown
  let timer = 0;
  let seq = 0;
  let controller = null;
  let typedAt = 0;
  // Timings of the conversions shown (ms), read by the measurements in benchmarks/.
  window.translitTimings = [];

  function pickLanguage() {
    const url = new URLSearchParams(window.location.search).get("lang");
    if (url && MESSAGES[url]) return url;
    try {
      const stored = window.localStorage.getItem(STORE);
      if (stored && MESSAGES[stored]) return stored;
    } catch (e) { /* storage refused (private mode): use the browser's language */ }
    for (const wanted of navigator.languages || [navigator.language || ""]) {
      const tag = wanted.toLowerCase();
      if (tag.startsWith("uz-cyrl")) return "uz-Cyrl";
      if (tag.startsWith("uz")) return "uz-Latn";
      if (tag.startsWith("en")) return "en";
    }
    return "uz-Latn";
  }

  function t(key, vars) {
    let text = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key;
    for (const [name, value] of Object.entries(vars || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = t("title") + " — uz-translit";
    for (const el of document.querySelectorAll("[data-i18n]")) {
      el.textContent = t(el.dataset.i18n);
    }
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
      el.placeholder = t(el.dataset.i18nPlaceholder);
    }
    $("lang").value = lang;
    showMeta();
  }

  function scriptName(script) {
    return script === "cyrillic" ? t("script_cyrillic") : t("script_latin");
  }

  function showMeta() {
    const count = $("unsure-count");
    const detected = $("detected");
    if (!last) {
      count.textContent = "";
      detected.textContent = "";
      return;
    }
    const n = last.unsure.length;
    count.textContent = n ? t("unsure_some", { n }) : last.text ? t("unsure_none") : "";
    count.classList.toggle("has-unsure", n > 0);
    count.dataset.count = String(n);
    detected.textContent = $("direction").value === "auto" && last.text
      ? t("detected", { dir: scriptName(last.source) + " → " + scriptName(last.target) })
      : "";
    detected.dataset.source = last.source;
    detected.dataset.target = last.target;
  }

  function options() {
    const direction = $("direction").value;
    const [source, target] = direction === "auto" ? ["auto", "auto"] : direction.split("-");
    return {
      source,
      target,
      scheme: $("scheme").value,
      apostrophe: $("apostrophe").value,
      keep: $("keep").value.split(",").map((w) => w.trim()).filter(Boolean),
    };
  }

  function setStatus(id, text, isError) {
    const el = $(id);
    el.textContent = text;
    el.classList.toggle("error", Boolean(isError));
  }

  // Server offsets count code points; JavaScript strings count UTF-16 units.
  function unitOffsets(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null;
    const units = [];
    let at = 0;
    for (const ch of text) {
      units.push(at);
      at += ch.length;
    }
    units.push(at);
    return units;
  }

  function render(answer) {
    const text = answer.text;
    const units = unitOffsets(text);
    const unit = (i) => (units ? units[i] : i);
    const parts = document.createDocumentFragment();
    let at = 0;
    for (const word of answer.unsure) {
      const start = unit(word.output_start);
      const end = unit(word.output_end);
      if (start < at || end < start) continue;
      if (start > at) parts.append(document.createTextNode(text.slice(at, start)));
      const mark = document.createElement("mark");
      mark.className = "unsure";
      mark.tabIndex = 0;
      mark.textContent = text.slice(start, end);
      mark.dataset.why = word.why;
      mark.dataset.reason = word.reason || "";
      mark.dataset.word = word.word;
      parts.append(mark);
      at = end;
    }
    if (at < text.length) parts.append(document.createTextNode(text.slice(at)));
    $("result").replaceChildren(parts);
    last = answer;
    showMeta();
  }

  async function convert() {
    const mine = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    const text = $("source").value;
    const started = performance.now();
    const result = $("result");
    result.setAttribute("aria-busy", "true");
    try {
      const response = await fetch("/api/convert", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text, ...options() }),
        signal: controller.signal,
      });
      const answer = await response.json();
      if (mine !== seq) return; // a newer request is on its way
      if (!response.ok) {
        setStatus("status", t("error", { msg: answer.error || response.statusText }), true);
        return;
      }
      render(answer);
      setStatus("status", "");
      const done = performance.now();
      window.translitTimings.push({
        chars: text.length,
        request_ms: done - started,
        typed_ms: typedAt ? done - typedAt : null,
      });
    } catch (error) {
      if (error.name === "AbortError") return;
      if (mine === seq) setStatus("status", t("error", { msg: error.message }), true);
    } finally {
      if (mine === seq) {
        result.removeAttribute("aria-busy");
        result.dataset.seq = String(mine);
      }
    }
  }

  function schedule() {
    typedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(convert, DEBOUNCE_MS);
  }

  function now() {
    typedAt = 0;
    clearTimeout(timer);
    convert();
  }

  function fileName(header, fallback) {
    const star = /filename\*=UTF-8''([^;]+)/i.exec(header || "");
    if (star) {
      try { return decodeURIComponent(star[1]); } catch (e) { /* fall through */ }
    }
    const plain = /filename="([^"]+)"/i.exec(header || "");
    return plain ? plain[1] : fallback;
  }

  async function uploadFile() {
    const input = $("file");
    const file = input.files && input.files[0];
    if (!file) return;
    const form = new FormData();
    form.append("file", file, file.name);
    const chosen = options();
    for (const key of ["source", "target", "scheme", "apostrophe"]) form.append(key, chosen[key]);
    if (chosen.keep.length) form.append("keep", chosen.keep.join(","));
    setStatus("file-status", t("file_working", { name: file.name }));
    try {
      const response = await fetch("/api/convert-file", { method: "POST", body: form });
      if (!response.ok) {
        let message = response.statusText;
        try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
        setStatus("file-status", t("error", { msg: message }), true);
        return;
      }
      const blob = await response.blob();
      const name = fileName(response.headers.get("Content-Disposition"), file.name);
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setStatus("file-status", t("file_done", { name }));
    } catch (error) {
      setStatus("file-status", t("error", { msg: error.message }), true);
    } finally {
      input.value = ""; // choosing the same file again converts it again
    }
  }

  // The reason for a marked word, under it, for the pointer and for the keyboard.
  function showReason(mark) {
    const tip = $("tooltip");
    // In the page's language when the reason is a known one, else as the server gave it.
    const reason = mark.dataset.reason;
    tip.textContent = reason ? t("why_" + reason) : mark.dataset.why;
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const room = document.documentElement.clientWidth;
    const left = Math.max(8, Math.min(box.left, room - tip.offsetWidth - 8));
    tip.style.left = window.scrollX + left + "px";
    tip.style.top = window.scrollY + box.bottom + 6 + "px";
    mark.setAttribute("aria-describedby", "tooltip");
  }

  function hideReason(event) {
    const mark = event && event.target.closest && event.target.closest("mark.unsure");
    if (mark) mark.removeAttribute("aria-describedby");
    $("tooltip").hidden = true;
  }

  async function copyResult() {
    const text = $("result").textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // No clipboard permission (plain http on another host): select and copy.
      const range = document.createRange();
      range.selectNodeContents($("result"));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand("copy");
    }
    setStatus("status", t("copied"));
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyLanguage();
    $("source").addEventListener("input", schedule);
    for (const id of ["direction", "scheme", "apostrophe"]) {
      $(id).addEventListener("change", now);
    }
    $("keep").addEventListener("input", schedule);
    $("options").addEventListener("submit", (event) => { event.preventDefault(); now(); });
    $("lang").addEventListener("change", () => {
      lang = $("lang").value;
      try { window.localStorage.setItem(STORE, lang); } catch (e) { /* not kept: fine */ }
      applyLanguage();
    });
    $("copy").addEventListener("click", copyResult);
    const result = $("result");
    const markOf = (event) => event.target.closest && event.target.closest("mark.unsure");
    result.addEventListener("focusin", (e) => { if (markOf(e)) showReason(markOf(e)); });
    result.addEventListener("mouseover", (e) => { if (markOf(e)) showReason(markOf(e)); });
    result.addEventListener("focusout", hideReason);
    result.addEventListener("mouseout", hideReason);
    result.addEventListener("scroll", () => { $("tooltip").hidden = true; });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideReason(e); });
    $("file").addEventListener("change", uploadFile);
    if ($("source").value) now(); // text kept by the browser (back button)
  });
})();
