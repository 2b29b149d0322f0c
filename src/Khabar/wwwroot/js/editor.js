// The article editor: Quill for the body (right to left), autosave, tag suggestions, the Jalali date picker.
// Without JavaScript the body is a plain textarea and every button still works.
(function () {
    "use strict";
    var form = document.getElementById("article-editor");
    if (!form) { return; }
    var source = form.querySelector("textarea[name=Body]");
    var status = form.querySelector(".autosave");
    var quill = null;
    var dirty = false;

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
        quill.clipboard.dangerouslyPasteHTML(source.value || "");
        quill.on("text-change", function () { dirty = true; });
        form.addEventListener("submit", function () { source.value = quill.getSemanticHTML(); });
    }

    form.addEventListener("input", function () { dirty = true; });

    function autosave() {
        if (!dirty) { return; }
        dirty = false;
        if (quill) { source.value = quill.getSemanticHTML(); }
        var data = new FormData(form);
        data.set("action", "autosave");
        data.delete("image");
        fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
            .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
            .then(function (res) {
                if (!res.ok) {
                    status.textContent = res.body.error || "ذخیرهٔ خودکار انجام نشد.";
                    status.classList.add("error");
                    return;
                }
                form.querySelector("input[name=Version]").value = res.body.version;
                if (!form.getAttribute("data-code")) {
                    form.setAttribute("data-code", res.body.code);
                    form.action = "/newsroom/articles/edit/" + res.body.code;
                    history.replaceState(null, "", form.action);
                }
                status.classList.remove("error");
                status.textContent = "ذخیرهٔ خودکار: " + res.body.saved_at;
            })
            .catch(function () { dirty = true; });
    }
    setInterval(autosave, 20000);

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

    if (window.jalaliDatepicker) {
        window.jalaliDatepicker.startWatch({ persianDigits: true, minDate: "today", time: false });
    }
})();
