// Progressive enhancement of the article page: the comment form checks itself before posting,
// replies and votes work without a reload. Everything also works with JavaScript off.
(function () {
    "use strict";
    var EMAIL_MESSAGE = "آدرس ایمیل خود را با فرمت مناسب وارد نمایید.";
    var NAME_MESSAGE = "نام خود را وارد نمایید.";
    var TEXT_MESSAGE = "متن نظر را وارد نمایید.";

    function toAsciiDigits(s) {
        return s.replace(/[\u06F0-\u06F9]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0x06F0 + 48); })
                .replace(/[\u0660-\u0669]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0x0660 + 48); });
    }

    function setError(form, field, message) {
        var input = form.elements[field];
        var box = document.getElementById(field + "-error");
        if (box) { box.textContent = message || ""; }
        if (input) {
            if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
        }
        return !message;
    }

    var form = document.querySelector("form.comment-form");
    if (form) {
        var shownAt = Date.now();
        var pattern = new RegExp(form.getAttribute("data-email-pattern"));
        var checkEmail = function () {
            var value = toAsciiDigits(form.elements.email.value.trim());
            return setError(form, "email", value && !pattern.test(value) ? EMAIL_MESSAGE : "");
        };
        // Errors appear when leaving the field but clear while typing, so the layout never shifts
        // under a pointer that is on its way to the submit button.
        form.elements.email.addEventListener("blur", function () {
            if (form.elements.email.value.trim()) { checkEmail(); }
        });
        ["name", "email", "text"].forEach(function (field) {
            form.elements[field].addEventListener("input", function () {
                if (form.elements[field].getAttribute("aria-invalid") === "true" && (field !== "email" || checkEmail())) {
                    setError(form, field, "");
                }
            });
        });
        form.addEventListener("submit", function (event) {
            var ok = checkEmail();
            ok = setError(form, "name", form.elements.name.value.trim() ? "" : NAME_MESSAGE) && ok;
            ok = setError(form, "text", form.elements.text.value.trim() ? "" : TEXT_MESSAGE) && ok;
            if (!ok) {
                event.preventDefault();
                var first = form.querySelector("[aria-invalid=true]");
                if (first) { first.focus(); }
            } else if (form.elements.elapsed) {
                // How long the form was open: people take seconds, scripts that load and post take none.
                form.elements.elapsed.value = String(Date.now() - shownAt);
            }
        });

        var replyBox = form.querySelector(".reply-to");
        document.addEventListener("click", function (event) {
            var link = event.target.closest ? event.target.closest("a[data-reply]") : null;
            if (link) {
                form.elements.parentId.value = link.getAttribute("data-reply");
                replyBox.querySelector(".reply-name").textContent = link.getAttribute("data-name");
                replyBox.hidden = false;
                form.elements.text.focus();
            }
        });
        replyBox.querySelector(".cancel-reply").addEventListener("click", function () {
            form.elements.parentId.value = "";
            replyBox.hidden = true;
        });
    }

    document.querySelectorAll("form.vote").forEach(function (vote) {
        vote.addEventListener("submit", function (event) {
            event.preventDefault();
            var button = event.submitter;
            var body = new URLSearchParams({ value: button ? button.value : "like" });
            fetch(vote.action, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (counts) {
                    if (!counts) { return; }
                    var fa = function (n) { return String(n).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x06F0 + +d); }); };
                    vote.querySelector(".vote-like .n").textContent = fa(counts.likes);
                    vote.querySelector(".vote-dislike .n").textContent = fa(counts.dislikes);
                    vote.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
                });
        });
    });
})();

// «اندازه متن»: six steps around the default (18px), remembered in this browser only (pages stay cacheable).
(function () {
  const sizes = [15, 16, 18, 20, 22, 24];
  const fallback = 2;
  const key = "khabar-text-size";
  const control = document.querySelector(".text-size");
  let index = fallback;
  try {
    const saved = Number.parseInt(localStorage.getItem(key) ?? "", 10);
    if (saved >= 0 && saved < sizes.length) index = saved;
  } catch { /* storage refused: the default size */ }
  const apply = () => document.documentElement.style.setProperty("--text-size", sizes[index] + "px");
  if (index !== fallback) apply();
  if (!control) return;
  // The level as a share of the default size, and the ends of the scale: a button that can go no further is off.
  const level = control.querySelector(".text-size-level");
  const show = () => {
    const percent = Math.round((sizes[index] / sizes[fallback]) * 100);
    if (level) level.textContent = String(percent).replace(/[0-9]/g, (d) => String.fromCharCode(0x06F0 + Number(d))) + "٪";
    control.querySelectorAll("button[data-text-size]").forEach((b) => {
      const step = Number(b.dataset.textSize);
      b.disabled = (step < 0 && index === 0) || (step > 0 && index === sizes.length - 1) || (step === 0 && index === fallback);
    });
  };
  show();
  control.hidden = false;
  control.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-text-size]");
    if (!button) return;
    const step = Number(button.dataset.textSize);
    index = step === 0 ? fallback : Math.min(sizes.length - 1, Math.max(0, index + step));
    apply();
    show();
    try { localStorage.setItem(key, String(index)); } catch { /* not kept */ }
  });
})();

// Archive and search dates: the Jalali date picker where the page loads it, the date shown in Persian digits.
// The picker reads and writes ASCII digits only: the field holds ASCII ones while it is open (this listener runs
// before the picker's, being registered first) and Persian ones otherwise. Typing still works, in either digit set
// and either order of day and year.
(function () {
  const fields = document.querySelectorAll("input[data-jdp]");
  if (!fields.length) return;
  const persian = (text) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0x06F0 + Number(d)));
  const ascii = (text) => text.replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06F0)).replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  const set = (input, value) => { if (value !== input.value) input.value = value; };
  ["focus", "mousedown", "click"].forEach((type) => document.addEventListener(type, (event) => {
    if (event.target.matches && event.target.matches("input[data-jdp]")) set(event.target, ascii(event.target.value));
  }, true));
  fields.forEach((input) => {
    input.addEventListener("change", () => set(input, persian(input.value)));
    input.addEventListener("blur", () => set(input, persian(input.value)));
  });
  if (window.jalaliDatepicker) {
    window.jalaliDatepicker.startWatch({ persianDigits: true, autoHide: true, time: false, maxDate: "today" });
  }
  fields.forEach((input) => set(input, persian(input.value)));
})();

// The print view's «چاپ این خبر» (shown only with script, which it needs).
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

// «لحظه به لحظه»: every 30 seconds the entries newer than the newest shown, from the cached JSON endpoint, added on
// top without a reload (key events to their own list); the page says so when the coverage ends, and stops asking.
(function () {
  const live = document.querySelector("section.live[data-live]");
  if (!live || live.dataset.ended) return;
  const list = live.querySelector("[data-live-list]");
  const keys = live.querySelector("[data-live-key]");
  let after = live.dataset.after || "0";
  const make = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  const entry = (e) => {
    const item = make("li", "live-entry fresh" + (e.key ? " key" : ""));
    item.id = "live-" + e.id;
    const when = make("p", "live-when");
    if (e.key) when.append(make("span", "live-key-mark", "رویداد کلیدی"), " ");
    const time = make("time", "", e.at_jalali);
    time.dateTime = e.at;
    when.append(time);
    const text = make("div", "live-text");
    text.innerHTML = e.html; // cleaned by the server with the article body's rules
    item.append(when, text);
    if (e.image_url) {
      const image = make("img", "live-image");
      image.src = e.image_url;
      image.alt = "";
      item.append(image);
    }
    return item;
  };
  let timer = 0;
  const poll = () => fetch(live.dataset.live + "?after=" + encodeURIComponent(after), { headers: { Accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : null))
    .then((data) => {
      if (!data) return;
      data.entries.slice().reverse().forEach((e) => {
        if (document.getElementById("live-" + e.id)) return;
        (e.key ? keys : list).prepend(entry(e));
        if (e.key) keys.closest(".live-key").hidden = false;
      });
      if (data.entries.length) live.querySelector("[data-live-empty]")?.remove();
      after = String(Math.max(Number(after), data.last_id));
      if (data.ended) {
        clearInterval(timer);
        const state = live.querySelector(".live-state");
        state.className = "live-state ended";
        state.replaceChildren(make("strong", "", "پایان پوشش زنده"), " ", make("time", "", data.ended_at_jalali));
      }
    })
    .catch(() => { /* offline a moment: the next round asks again */ });
  timer = setInterval(poll, 30000);
})();

// A photo report's gallery: previous/next buttons and the counter; the arrow keys (in reading order: ← is the next
// photo in a right-to-left page) and swipes move photo by photo. Without script the row still scrolls and snaps.
document.querySelectorAll("[data-gallery]").forEach((gallery) => {
  const track = gallery.querySelector(".gallery-track");
  const items = Array.from(track.children);
  const position = gallery.querySelector(".gallery-position");
  const [previous, next] = gallery.querySelectorAll("[data-gallery-step]");
  const fa = (n) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0x06F0 + Number(d)));
  let index = 0;
  const show = () => {
    position.textContent = fa(index + 1) + " از " + fa(items.length);
    previous.disabled = index === 0;
    next.disabled = index === items.length - 1;
  };
  const go = (i) => {
    index = Math.max(0, Math.min(items.length - 1, i));
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    track.dataset.moving = "1"; // the counter shows the target, not the photos passed on the way
    items[index].scrollIntoView({ block: "nearest", inline: "start", behavior: smooth ? "smooth" : "auto" });
    clearTimeout(go.timer);
    go.timer = setTimeout(() => { delete track.dataset.moving; }, smooth ? 700 : 0);
    show();
  };
  gallery.querySelector(".gallery-controls").hidden = false;
  gallery.addEventListener("click", (event) => {
    const button = event.target.closest("[data-gallery-step]");
    if (button) go(index + Number(button.dataset.galleryStep));
  });
  track.addEventListener("keydown", (event) => {
    const step = { ArrowLeft: 1, ArrowRight: -1, PageDown: 1, PageUp: -1 }[event.key];
    if (step) { event.preventDefault(); go(index + step); }
    if (event.key === "Home" || event.key === "End") { event.preventDefault(); go(event.key === "Home" ? 0 : items.length - 1); }
  });
  // A swipe (or the scrollbar) moves the row: the counter follows the photo it stopped on.
  const step = () => (items.length > 1 ? Math.abs(items[1].offsetLeft - items[0].offsetLeft) : track.clientWidth) || 1;
  track.addEventListener("scroll", () => {
    const at = Math.min(items.length - 1, Math.round(Math.abs(track.scrollLeft) / step()));
    if (at !== index && !track.dataset.moving) { index = at; show(); }
  }, { passive: true });
  show();
});

// «رونوشت لینک کوتاه»: copies the short link (without script, or without clipboard access, the link opens it).
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.share-copy[data-copy]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  const status = link.closest(".share").querySelector(".share-status");
  navigator.clipboard.writeText(link.dataset.copy).then(
    () => { status.textContent = "لینک کوتاه رونوشت شد."; },
    () => { window.location.href = link.href; });
});
