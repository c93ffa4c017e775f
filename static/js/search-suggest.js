/*
 * Suggestions while typing in the header search.
 *
 * Without this script the header search is a plain GET form to the search
 * page. With it, the search box becomes a WAI-ARIA 1.2 combobox with a listbox
 * popup, following the APG example "Editable Combobox With List Autocomplete"
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/):
 *
 * - typing asks the site for suggestions (after a pause of 150 ms) and shows
 *   them below the box; a polite live region says how many there are;
 * - Down and Up move the highlight through them (aria-activedescendant; focus
 *   stays in the box), Down on a closed list opens it, Alt+Down opens it
 *   without highlighting;
 * - Enter on a highlighted suggestion follows it (a suggestion is a page or
 *   a filtered search, see discovery/search/suggestions.py); Enter without
 *   one submits the form, a normal search for what was typed;
 * - Escape closes the list, or empties the box when the list is closed;
 *   Left, Right, Home and End return to editing the text;
 * - a click on a suggestion follows it; leaving the box closes the list
 *   (Down opens it again).
 *
 * The form carries the suggestions' address (language-specific) and the
 * texts for the live region in data attributes; the script needs no
 * library and sends no request elsewhere.
 */
(function () {
    "use strict";

    var DELAY = 150;

    function setUp(form) {
        var input = form.querySelector("input[type=search]");
        var list = form.querySelector("[role=listbox]");
        var status = form.querySelector("[data-suggest-status]");
        if (!input || !list || !status || !window.fetch) {
            return;
        }
        var url = form.dataset.suggestUrl;
        var suggestions = [];
        var active = -1;
        var timer = null;
        var pending = null;
        var shownFor = null;

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("autocomplete", "off");

        function announce(count) {
            var many = form.dataset.countMany || "%(count)s";
            status.textContent = count === 1
                ? form.dataset.countOne || "1"
                : many.replace("%(count)s", String(count));
        }

        function isOpen() {
            return !list.hidden;
        }

        function open() {
            if (suggestions.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
        }

        function close() {
            highlight(-1);
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
        }

        function highlight(index) {
            var options = list.querySelectorAll("[role=option]");
            active = index;
            for (var i = 0; i < options.length; i += 1) {
                options[i].setAttribute("aria-selected", i === index ? "true" : "false");
            }
            if (index >= 0 && options[index]) {
                input.setAttribute("aria-activedescendant", options[index].id);
                if (options[index].scrollIntoView) {
                    options[index].scrollIntoView({ block: "nearest" });
                }
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function follow(index) {
            var suggestion = suggestions[index];
            if (!suggestion || !suggestion.url) {
                return;
            }
            input.value = suggestion.label;
            close();
            window.location.assign(suggestion.url);
        }

        function render(found) {
            suggestions = found;
            list.textContent = "";
            found.forEach(function (suggestion, index) {
                var option = document.createElement("li");
                option.id = list.id + "-" + index;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.className = "suggestions__option";
                var label = document.createElement("span");
                label.className = "suggestions__label";
                label.textContent = suggestion.label;
                var kind = document.createElement("span");
                kind.className = "suggestions__kind";
                // The comma only for screen readers: "LoRaWAN, Schlagwort".
                var separator = document.createElement("span");
                separator.className = "visually-hidden";
                separator.textContent = ", ";
                kind.appendChild(separator);
                kind.appendChild(document.createTextNode(suggestion.kind));
                option.appendChild(label);
                option.appendChild(kind);
                option.addEventListener("click", function () {
                    follow(index);
                });
                list.appendChild(option);
            });
            active = -1;
            input.removeAttribute("aria-activedescendant");
            if (found.length) {
                open();
                announce(found.length);
            } else {
                close();
                status.textContent = "";
            }
        }

        function ask(text) {
            if (pending) {
                pending.abort();
                pending = null;
            }
            if (text.trim().length < 2) {
                shownFor = null;
                render([]);
                return;
            }
            if (text === shownFor) {
                open();
                return;
            }
            var controller = window.AbortController ? new AbortController() : null;
            pending = controller;
            fetch(url + "?q=" + encodeURIComponent(text), {
                headers: { Accept: "application/json" },
                signal: controller ? controller.signal : undefined,
            })
                .then(function (response) {
                    return response.ok ? response.json() : { suggestions: [] };
                })
                .then(function (data) {
                    if (pending !== controller || input.value !== text) {
                        return; // a newer request is on its way
                    }
                    pending = null;
                    shownFor = text;
                    render(Array.isArray(data.suggestions) ? data.suggestions : []);
                })
                .catch(function () {
                    // Aborted or offline: the form still searches.
                });
        }

        input.addEventListener("input", function () {
            highlight(-1);
            window.clearTimeout(timer);
            var text = input.value;
            timer = window.setTimeout(function () {
                ask(text);
            }, DELAY);
        });

        input.addEventListener("keydown", function (event) {
            if (event.ctrlKey || event.metaKey || event.shiftKey) {
                return;
            }
            var count = suggestions.length;
            switch (event.key) {
            case "ArrowDown":
            case "Down":
                if (!count) {
                    return;
                }
                event.preventDefault();
                if (!isOpen()) {
                    open();
                    if (!event.altKey) {
                        highlight(0);
                    }
                } else if (!event.altKey) {
                    highlight(active + 1 < count ? active + 1 : 0);
                }
                break;
            case "ArrowUp":
            case "Up":
                if (!count || event.altKey) {
                    return;
                }
                event.preventDefault();
                open();
                highlight(active > 0 ? active - 1 : count - 1);
                break;
            case "Enter":
                if (isOpen() && active >= 0) {
                    event.preventDefault();
                    follow(active);
                }
                break;
            case "Escape":
            case "Esc":
                if (isOpen()) {
                    event.preventDefault();
                    close();
                } else if (input.value) {
                    event.preventDefault();
                    input.value = "";
                    shownFor = null;
                    render([]);
                }
                break;
            case "ArrowLeft":
            case "ArrowRight":
            case "Home":
            case "End":
                highlight(-1);
                break;
            default:
                break;
            }
        });

        // Clicking a suggestion must not take focus from the box first.
        list.addEventListener("mousedown", function (event) {
            event.preventDefault();
        });

        input.addEventListener("blur", function () {
            close();
        });
    }

    document.querySelectorAll("form[data-suggest-url]").forEach(setUp);
})();
