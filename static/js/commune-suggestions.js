/* L'Heure Civique: suggestions of communes for the admin's commune filter (the volunteers).

   Progressive: without this script the filter takes a name or a postal code typed and sent
   (volunteers/views/admin.py FilterForm). With it, the text input with `data-suggestions-url`
   becomes a combobox (ARIA 1.2, list autocomplete): from two characters, the communes of the
   viewer's territory that match are asked of that address and listed below the input; the up
   and down arrows move in the list, Enter chooses, Escape closes; a click chooses too. How
   many are suggested is said in a polite live region; the sentences come from the input's
   data-message-* attributes, translated on the server. */
(function () {
    "use strict";

    var WAIT_MS = 200; // between the last key and the question, so that typing asks once

    function format(template, values) {
        return template.replace(/\{(\w+)\}/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
        });
    }

    function enhance(input) {
        var wrapper = input.closest("[data-commune-suggestions]") || input.parentNode;
        var listId = input.id + "-suggestions";
        var list = document.createElement("ul");
        list.id = listId;
        list.className = "commune-suggestions";
        list.setAttribute("role", "listbox");
        var label = input.labels && input.labels[0];
        if (label) {
            if (!label.id) {
                label.id = input.id + "-label";
            }
            list.setAttribute("aria-labelledby", label.id);
        }
        list.hidden = true;
        var status = document.createElement("p");
        status.className = "commune-suggestions__status";
        status.setAttribute("role", "status");
        input.insertAdjacentElement("afterend", status);
        input.insertAdjacentElement("afterend", list);
        wrapper.classList.add("commune-suggestions__wrapper");

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);
        input.setAttribute("autocomplete", "off");

        var active = -1;
        var timer = null;
        var pending = null;
        var asked = null;

        function options() {
            return list.querySelectorAll('[role="option"]');
        }

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function open() {
            if (options().length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
        }

        function activate(index) {
            var items = options();
            if (!items.length) {
                return;
            }
            open();
            active = (index + items.length) % items.length;
            items.forEach(function (item, number) {
                item.setAttribute("aria-selected", number === active ? "true" : "false");
            });
            input.setAttribute("aria-activedescendant", items[active].id);
            items[active].scrollIntoView({ block: "nearest" });
        }

        function choose(item) {
            input.value = item.textContent;
            asked = input.value;
            close();
            status.textContent = "";
        }

        function show(labels) {
            list.textContent = "";
            labels.forEach(function (text, number) {
                var item = document.createElement("li");
                item.id = listId + "-" + number;
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                item.textContent = text;
                list.appendChild(item);
            });
            active = -1;
            input.removeAttribute("aria-activedescendant");
            if (labels.length) {
                open();
                status.textContent = format(input.getAttribute("data-message-count") || "", {
                    count: String(labels.length),
                });
            } else {
                close();
                status.textContent = input.getAttribute("data-message-none") || "";
            }
        }

        function ask() {
            var text = input.value.trim();
            if (text === asked) {
                return;
            }
            asked = text;
            if (pending) {
                pending.abort();
                pending = null;
            }
            if (text.length < 2) {
                list.textContent = "";
                close();
                status.textContent = "";
                return;
            }
            var url = new URL(input.getAttribute("data-suggestions-url"), window.location.href);
            url.searchParams.set("q", text);
            pending = new AbortController();
            fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error(String(response.status));
                    }
                    return response.json();
                })
                .then(function (body) {
                    if (text !== asked) {
                        return;
                    }
                    pending = null;
                    show((body.items || []).map(function (item) {
                        return item.label;
                    }));
                })
                .catch(function () {
                    // Offline, refused or aborted: the filter still takes what is typed.
                    if (text === asked) {
                        close();
                    }
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(ask, WAIT_MS);
        });

        input.addEventListener("keydown", function (event) {
            var items = options();
            if (event.key === "ArrowDown") {
                if (items.length) {
                    event.preventDefault();
                    activate(list.hidden ? 0 : active + 1);
                }
            } else if (event.key === "ArrowUp") {
                if (items.length) {
                    event.preventDefault();
                    activate(list.hidden ? items.length - 1 : active - 1);
                }
            } else if (event.key === "Enter") {
                if (!list.hidden && active >= 0) {
                    event.preventDefault(); // chooses; a second Enter sends the filter
                    choose(items[active]);
                }
            } else if (event.key === "Escape") {
                if (!list.hidden) {
                    event.preventDefault();
                    close();
                }
            }
        });

        input.addEventListener("blur", close);

        // mousedown, not click: the input keeps the focus, so its blur does not close first.
        list.addEventListener("mousedown", function (event) {
            var item = event.target.closest('[role="option"]');
            if (item) {
                event.preventDefault();
                choose(item);
            }
        });
    }

    function start() {
        document.querySelectorAll("input[data-suggestions-url]").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
