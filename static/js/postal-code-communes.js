/* L'Heure Civique: the commune found from the postal code as it is typed.

   Progressive: without this script the form still works in two steps (territories/forms.py).
   For each postal code field with `data-communes-url` (the communes API) and
   `data-commune-select` (the id of its commune <select>), once five digits are typed, asks the
   API for the communes of that code and fills the choice, choosing the only one. What happens is
   said in a polite live region (role="status") placed after the choice; the sentences come from
   the field's data-message-* attributes, translated on the server. */
(function () {
    "use strict";

    function format(template, values) {
        return template.replace(/\{(\w+)\}/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
        });
    }

    function enhance(input) {
        var select = document.getElementById(input.getAttribute("data-commune-select"));
        if (!select) {
            return;
        }
        var form = input.form;
        var wrapper = select.closest("[data-commune-choice]");
        var emptyOption = select.querySelector('option[value=""]');
        var status = document.createElement("p");
        status.className = "form-status";
        status.setAttribute("role", "status");
        (wrapper || select.closest(".form-field") || select).insertAdjacentElement("afterend", status);
        if (form) {
            form.querySelectorAll("[data-without-script]").forEach(function (element) {
                element.hidden = true;
            });
        }
        // The code whose communes the server already offers (none: null), so that a code typed
        // before this script ran, or changed since, is looked up.
        var asked = input.getAttribute("data-communes-of") || null;
        var pending = null;

        function codeOf(value) {
            var digits = value.replace(/\s+/g, "");
            return /^\d{5}$/.test(digits) ? digits : null;
        }

        function say(text) {
            status.textContent = text;
        }

        function fill(code, communes) {
            while (select.options.length) {
                select.remove(0);
            }
            if (emptyOption && communes.length !== 1) {
                select.add(emptyOption);
                emptyOption.selected = true;
            }
            communes.forEach(function (commune) {
                var option = new Option(commune.name + " (" + code + ")", String(commune.id));
                select.add(option);
            });
            if (communes.length === 1) {
                select.options[0].selected = true;
            }
            if (wrapper) {
                wrapper.hidden = communes.length === 0;
            }
        }

        function lookUp() {
            var code = codeOf(input.value);
            if (code === asked) {
                return;
            }
            asked = code;
            if (pending) {
                pending.abort();
                pending = null;
            }
            if (code === null) {
                fill("", []);
                say("");
                return;
            }
            say(format(input.getAttribute("data-message-searching") || "", { code: code }));
            var url = new URL(input.getAttribute("data-communes-url"), window.location.href);
            url.searchParams.set("postal_code", code);
            url.searchParams.set("limit", "100");
            pending = new AbortController();
            fetch(url, {
                headers: {
                    Accept: "application/json",
                    "Accept-Language": document.documentElement.lang || "fr",
                },
                signal: pending.signal,
            })
                .then(function (response) {
                    return response.json().then(function (body) {
                        return { ok: response.ok, body: body };
                    });
                })
                .then(function (answer) {
                    if (code !== asked) {
                        return;
                    }
                    pending = null;
                    if (!answer.ok) {
                        // A malformed or unknown code: the API says which, in the page's language.
                        fill(code, []);
                        say(answer.body.message || "");
                        return;
                    }
                    var communes = answer.body.items || [];
                    fill(code, communes);
                    if (communes.length === 1) {
                        say(format(input.getAttribute("data-message-one") || "", {
                            commune: select.options[0].text,
                        }));
                    } else {
                        say(format(input.getAttribute("data-message-several") || "", {
                            code: code,
                            count: String(communes.length),
                        }));
                    }
                })
                .catch(function () {
                    // Offline or aborted: the server chooses or asks when the form is sent.
                    if (code === asked) {
                        say("");
                    }
                });
        }

        input.addEventListener("input", lookUp);
        input.addEventListener("change", lookUp);
        lookUp();
    }

    function start() {
        document
            .querySelectorAll("input[data-communes-url][data-commune-select]")
            .forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
