// The moderation desk at keyboard speed: j/k move, a approves, r rejects, x selects.
// Approve and reject go through fetch so the queue never reloads under the moderator's hands.
(function () {
    "use strict";
    var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
    var bulk = document.getElementById("bulk");
    var counter = bulk ? bulk.querySelector("[data-selected]") : null;
    var current = -1;

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

    function act(form) {
        var item = form.closest(".queue-item");
        var data = new FormData(form);
        return fetch(form.action, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
            .then(function (r) {
                if (!r.ok) { throw new Error(String(r.status)); }
                item.classList.add("is-done");
                item.classList.remove("is-current");
                item.setAttribute("data-done", form.classList.contains("approve-form") ? "approved" : "rejected");
                var box = item.querySelector("input[name=ids]");
                if (box) { box.checked = false; box.disabled = true; }
                updateSelected();
                select(current);
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
        switch (event.key) {
            case "j": event.preventDefault(); select(current + 1); break;
            case "k": event.preventDefault(); select(current - 1); break;
            case "a":
                if (item && item.querySelector(".approve-form")) { event.preventDefault(); act(item.querySelector(".approve-form")); }
                break;
            case "r":
                if (item && item.querySelector(".reject-form")) { event.preventDefault(); act(item.querySelector(".reject-form")); }
                break;
            case "x":
                if (item) {
                    var box = item.querySelector("input[name=ids]");
                    if (box && !box.disabled) { event.preventDefault(); box.checked = !box.checked; updateSelected(); }
                }
                break;
        }
    });
})();
