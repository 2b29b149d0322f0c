// The article editor: Quill for the body (right to left), autosave, a warning before unsaved changes are left
// behind, tag suggestions, the Jalali date picker. Without JavaScript the body is a plain textarea and every
// button still works.
(function () {
    "use strict";
    var form = document.getElementById("article-editor");
    if (!form) { return; }
    var source = form.querySelector("textarea[name=Body]");
    var status = form.querySelector(".autosave");
    var quill = null;
    // dirty: changed since the last autosave was sent; unsaved: changed since anything was stored.
    var dirty = false;
    var unsaved = form.hasAttribute("data-unsaved");
    var leaving = false;
    // The autosave on its way, if any: a submit waits for it, so it carries the version that autosave made.
    var inflight = null;

    // The form's own address. form.action would be the buttons named "action" (a RadioNodeList), not the attribute.
    function target() { return form.getAttribute("action"); }

    function fa(text) {
        return String(text).replace(/[0-9]/g, function (d) { return String.fromCharCode(0x06F0 + +d); });
    }

    function changed() { dirty = true; unsaved = true; }

    // Quill 2's semantic HTML writes every space as &nbsp;: a paragraph would be one unbreakable line on a phone.
    // The server turns them into spaces too (BodyHtml.Clean); this keeps what is sent readable.
    function bodyHtml() {
        if (!quill) { return source.value; }
        if (quill.getLength() <= 1) { return ""; }
        return quill.getSemanticHTML().replace(/&nbsp;/g, " ").replace(/\u00A0/g, " ");
    }

    var toolbarNames = {
        "ql-bold": "درشت", "ql-italic": "کج", "ql-underline": "زیرخط", "ql-strike": "خط‌خورده", "ql-link": "پیوند",
        "ql-blockquote": "نقل قول", "ql-clean": "پاک کردن قالب", "ql-list ordered": "فهرست شماره‌دار",
        "ql-list bullet": "فهرست نشانه‌دار", "ql-header": "سبک بند"
    };

    if (window.Quill && source) {
        var host = document.getElementById("body-editor");
        host.hidden = false;
        source.hidden = true;
        quill = new window.Quill(host, {
            theme: "snow",
            placeholder: "متن خبر را اینجا بنویسید…",
            modules: {
                toolbar: [[{ header: [2, 3, false] }], ["bold", "italic", "underline", "strike"], ["link", "blockquote"],
                    [{ list: "ordered" }, { list: "bullet" }], ["clean"]]
            }
        });
        // Pasted Word or web HTML goes through Quill's clipboard into its own clean model, then the server sanitizes it.
        quill.clipboard.dangerouslyPasteHTML(source.value || "", "silent");
        quill.history.clear();
        quill.on("text-change", function (delta, old, from) { if (from === "user") { changed(); } });
        var toolbar = form.querySelector(".ql-toolbar");
        if (toolbar) {
            toolbar.setAttribute("aria-label", "قالب متن");
            toolbar.querySelectorAll("button, .ql-picker-label").forEach(function (control) {
                var key = (control.className.match(/ql-[a-z]+/) || [""])[0];
                var value = control.getAttribute("value");
                var picker = control.closest(".ql-picker");
                if (picker) { key = (picker.className.match(/ql-[a-z]+/) || [""])[0]; }
                var name = toolbarNames[value ? key + " " + value : key] || toolbarNames[key];
                if (name) { control.setAttribute("title", name); control.setAttribute("aria-label", name); }
            });
        }
        var tooltipInput = form.querySelector(".ql-tooltip input[type=text]");
        if (tooltipInput) {
            tooltipInput.setAttribute("data-link", "https://…");
            tooltipInput.setAttribute("dir", "ltr");
            tooltipInput.setAttribute("aria-label", "نشانی پیوند");
        }
    }

    form.addEventListener("input", function (event) {
        if (!event.target.closest || !event.target.closest(".ql-tooltip")) { changed(); }
    });
    form.addEventListener("change", function (event) {
        if (event.target.name !== "image") { changed(); }
    });

    form.addEventListener("submit", function (event) {
        if (inflight) {
            event.preventDefault();
            var submitter = event.submitter;
            inflight.then(function () { form.requestSubmit(submitter || undefined); });
            return;
        }
        source.value = bodyHtml();
        // «پیش‌نمایش» opens another tab and saves nothing: this page still holds the changes.
        if (!event.submitter || event.submitter.value !== "preview") { leaving = true; }
    });

    window.addEventListener("beforeunload", function (event) {
        if (unsaved && !leaving) {
            event.preventDefault();
            event.returnValue = "";
        }
    });

    function showStatus(text, error) {
        status.textContent = text;
        status.classList.toggle("error", !!error);
    }

    function autosave(keepalive) {
        if (!dirty || leaving) { return; }
        dirty = false;
        source.value = bodyHtml();
        var data = new FormData(form);
        data.set("action", "autosave");
        data.delete("image");
        showStatus("در حال ذخیرهٔ خودکار…");
        inflight = fetch(target(), { method: "POST", body: data, credentials: "same-origin", keepalive: !!keepalive, headers: { "Accept": "application/json" } })
            .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
            .then(function (res) {
                if (!res.ok) {
                    showStatus(res.body.error || "ذخیرهٔ خودکار انجام نشد؛ با دکمهٔ ذخیره نگه دارید.", true);
                    return;
                }
                form.querySelector("input[name=Version]").value = res.body.version;
                if (!form.getAttribute("data-code")) {
                    form.setAttribute("data-code", res.body.code);
                    form.setAttribute("action", "/newsroom/articles/edit/" + res.body.code);
                    var code = document.createElement("input");
                    code.type = "hidden";
                    code.name = "PreviewCode";
                    code.value = res.body.code;
                    form.appendChild(code);
                    history.replaceState(null, "", target());
                }
                if (!dirty) { unsaved = false; }
                showStatus((res.body.pending ? "ذخیرهٔ خودکار (منتشرنشده): " : "ذخیرهٔ خودکار: ") + res.body.saved_at);
            })
            .catch(function () {
                dirty = true;
                showStatus("ذخیرهٔ خودکار انجام نشد (اتصال)؛ دوباره تلاش می‌شود.", true);
            })
            .then(function () { inflight = null; });
    }
    var every = Number(form.getAttribute("data-autosave-ms")) || 20000;
    setInterval(autosave, every);
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") { autosave(true); }
    });

    // The file picker in Persian: the native control is hidden behind a label that names the chosen file.
    var file = form.querySelector("input[type=file][name=image]");
    var fileName = form.querySelector(".file-pick .file-name");
    if (file && fileName) {
        file.addEventListener("change", function () {
            fileName.textContent = file.files && file.files.length ? file.files[0].name : "پرونده‌ای انتخاب نشده است";
            unsaved = true;
        });
    }

    var tags = form.querySelector("input[name=Tags]");
    var list = document.getElementById("tag-suggestions");
    if (tags && list) {
        tags.addEventListener("input", function () {
            var parts = tags.value.split(/[,\u060C]/);
            var last = parts[parts.length - 1].trim();
            if (last.length < 1) { return; }
            fetch("/newsroom/api/tags?q=" + encodeURIComponent(last), { credentials: "same-origin" })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (names) {
                    var head = parts.slice(0, -1).map(function (p) { return p.trim(); }).filter(Boolean);
                    list.innerHTML = "";
                    names.forEach(function (name) {
                        var option = document.createElement("option");
                        option.value = head.concat([name]).join("، ");
                        list.appendChild(option);
                    });
                });
        });
    }

    // Date and time of a schedule in Persian digits. The picker reads and writes ASCII digits only: the date holds
    // ASCII ones while the picker reads it (these listeners run before the picker's) and Persian ones otherwise.
    function ascii(text) {
        return String(text).replace(/[\u06F0-\u06F9]/g, function (d) { return String(d.charCodeAt(0) - 0x06F0); })
            .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
    }
    ["focus", "mousedown", "click"].forEach(function (type) {
        document.addEventListener(type, function (event) {
            var input = event.target;
            if (input.matches && input.matches("input[data-jdp]") && ascii(input.value) !== input.value) { input.value = ascii(input.value); }
        }, true);
    });
    ["ScheduleDate", "ScheduleTime"].forEach(function (name) {
        var input = form.querySelector("input[name=" + name + "]");
        if (!input) { return; }
        var persian = function () {
            var value = fa(input.value);
            if (value !== input.value) { input.value = value; }
        };
        input.addEventListener("change", persian);
        input.addEventListener("blur", persian);
    });

    if (window.jalaliDatepicker) {
        window.jalaliDatepicker.startWatch({ persianDigits: true, minDate: "today", time: false, autoHide: true });
    }
})();
