// The moderation desk at keyboard speed: j/k move, a approves, r rejects, u undoes, x selects. Keys are read by
// their place on the keyboard (KeyboardEvent.code), so they work with the Persian layout as with the English one:
// moderators type reasons in Persian and never switch layouts for a shortcut.
// Approve, reject and undo go through fetch so the queue never reloads under the moderator's hands; each card says
// what happened and offers «واگرد», and every counter of the article moves with it.
(function () {
    "use strict";
    var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
    var bulk = document.getElementById("bulk");
    var counter = bulk ? bulk.querySelector("[data-selected]") : null;
    var total = document.querySelector(".desk-summary [data-total]");
    var listed = (document.querySelector(".desk-filters select[name=status]") || {}).value || "pending";
    var current = -1;
    var lastDone = null;

    function fa(n) { return String(n).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x06F0 + +d); }); }

    function updateSelected() {
        if (counter) { counter.textContent = fa(document.querySelectorAll("input[name=ids][form=bulk]:checked").length); }
    }

    function live() { return items.filter(function (i) { return !i.classList.contains("is-done"); }); }

    function select(index) {
        var list = live();
        if (!list.length) { return; }
        index = Math.max(0, Math.min(index, list.length - 1));
        items.forEach(function (i) { i.classList.remove("is-current"); });
        var item = list[index];
        item.classList.add("is-current");
        item.focus({ preventScroll: true });
        item.scrollIntoView({ block: "nearest" });
        current = index;
    }

    // Every card of the same article shows the same counters; the list's total counts what still belongs to it.
    function updateCounters(result) {
        items.forEach(function (other) {
            if (other.getAttribute("data-article") !== String(result.article)) { return; }
            ["published", "pending", "rejected"].forEach(function (key) {
                var cell = other.querySelector("[data-count=" + key + "]");
                if (cell) { cell.textContent = fa(result[key]); }
            });
        });
    }

    function moveTotal(by) {
        if (!total) { return; }
        var n = Math.max(0, Number(total.getAttribute("data-total")) + by);
        total.setAttribute("data-total", String(n));
        total.textContent = fa(n);
    }

    function belongs(status) { return listed === "all" || listed === status; }

    function post(form) {
        return fetch(form.getAttribute("action"), {
            method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch", "Accept": "application/json" }, credentials: "same-origin"
        }).then(function (r) {
            if (!r.ok) { throw new Error(String(r.status)); }
            return r.json();
        });
    }

    function act(form) {
        var item = form.closest(".queue-item");
        var before = item.getAttribute("data-status") || listed;
        return post(form)
            .then(function (result) {
                item.classList.add("is-done");
                item.classList.remove("is-current");
                item.setAttribute("data-done", result.status === "published" ? "approved" : "rejected");
                item.setAttribute("data-status", result.status);
                var box = item.querySelector("input[name=ids]");
                if (box) { box.checked = false; box.disabled = true; }
                var line = item.querySelector(".q-result");
                if (line) {
                    line.querySelector(".q-result-text").textContent = result.status === "published" ? "منتشر شد." : "رد شد.";
                    line.hidden = false;
                }
                if (belongs(before) && !belongs(result.status)) { moveTotal(-1); }
                updateCounters(result);
                lastDone = item;
                updateSelected();
                select(current);
            })
            .catch(function () { form.submit(); });
    }

    function undo(item) {
        var form = item && item.querySelector(".undo-form");
        if (!form || !item.classList.contains("is-done")) { return; }
        var before = item.getAttribute("data-status");
        post(form)
            .then(function (result) {
                item.classList.remove("is-done");
                item.removeAttribute("data-done");
                item.setAttribute("data-status", result.status);
                var box = item.querySelector("input[name=ids]");
                if (box) { box.disabled = false; }
                item.querySelector(".q-result").hidden = true;
                if (!belongs(before) && belongs(result.status)) { moveTotal(1); }
                updateCounters(result);
                if (lastDone === item) { lastDone = null; }
                select(live().indexOf(item));
            })
            .catch(function () { form.submit(); });
    }

    document.querySelectorAll(".approve-form, .reject-form").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            current = live().indexOf(form.closest(".queue-item"));
            act(form);
        });
    });

    document.querySelectorAll(".undo-form").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            undo(form.closest(".queue-item"));
        });
    });

    document.querySelectorAll("input[name=ids][form=bulk]").forEach(function (box) {
        box.addEventListener("change", updateSelected);
    });

    document.addEventListener("keydown", function (event) {
        var target = event.target;
        if (event.ctrlKey || event.metaKey || event.altKey) { return; }
        if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }
        if (!items.length) { return; }
        var list = live();
        var item = list[current];
        switch (event.code) {
            case "KeyJ": event.preventDefault(); select(current + 1); break;
            case "KeyK": event.preventDefault(); select(current - 1); break;
            case "KeyA":
                if (item && item.querySelector(".approve-form")) { event.preventDefault(); act(item.querySelector(".approve-form")); }
                break;
            case "KeyR":
                if (item && item.querySelector(".reject-form")) { event.preventDefault(); act(item.querySelector(".reject-form")); }
                break;
            case "KeyU":
                if (lastDone) { event.preventDefault(); undo(lastDone); }
                break;
            case "KeyX":
                if (item) {
                    var box = item.querySelector("input[name=ids]");
                    if (box && !box.disabled) { event.preventDefault(); box.checked = !box.checked; updateSelected(); }
                }
                break;
        }
    });
})();

// «پوشش زنده» on the story page: a new entry is sent without leaving the page and put on top of the list.
document.querySelectorAll("form[data-live-form]").forEach((form) => {
  const list = document.querySelector("[data-live-desk]");
  const status = form.querySelector(".live-form-status");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "در حال فرستادن…";
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then((r) => r.text().then((text) => ({ ok: r.ok, text })))
      .then(({ ok, text }) => {
        if (!ok) { status.textContent = text || "رویداد افزوده نشد."; return; }
        list.insertAdjacentHTML("afterbegin", text);
        form.reset();
        status.textContent = "رویداد افزوده شد و در صفحهٔ خبر نمایش داده می‌شود.";
      })
      .catch(() => { status.textContent = "ارتباط برقرار نشد؛ دوباره بفرستید."; })
      .finally(() => { button.disabled = false; });
  });
});
