/* The admin's rich-text editor: django-prose-editor on each textarea.richtext that has
   a configuration (data-richtext-editor). Without JavaScript the textarea takes HTML,
   sanitised on save. A module imported by its address: no inline import map (CSP). */
import * as E from "../django_prose_editor/editor.js";

// The toolbar's buttons are named in English (title and aria-label); name them in Swedish.
const BUTTONS = {
  bold: "Fetstil",
  italic: "Kursiv",
  "unordered list": "Punktlista",
  "ordered list": "Numrerad lista",
  blockquote: "Citat",
  "insert link": "Länk (Ctrl+K)",
  "remove link": "Ta bort länk",
  undo: "Ångra",
  redo: "Gör om",
  paragraph: "Stycke",
  "heading 2": "Rubrik nivå 2",
  "heading 3": "Rubrik nivå 3",
  "heading 4": "Rubrik nivå 4",
  "list properties": "Listans egenskaper",
};
const OPTIONS = {
  heading2: "Rubrik nivå 2",
  heading3: "Rubrik nivå 3",
  heading4: "Rubrik nivå 4",
  paragraph: "Stycke",
};

function swedish(root) {
  root.querySelectorAll(".prose-menubar__option[data-name]").forEach((option) => {
    const sv = OPTIONS[option.getAttribute("data-name")];
    const inner = option.firstElementChild || option;
    if (sv && inner.textContent !== sv) {
      inner.textContent = sv;
    }
  });
  root.querySelectorAll("[title], [aria-label]").forEach((el) => {
    const name = el.getAttribute("aria-label") || el.getAttribute("title");
    const sv = BUTTONS[(name || "").trim().toLowerCase()];
    if (sv) {
      el.setAttribute("title", sv);
      el.setAttribute("aria-label", sv);
    }
  });
  // A button greyed out for the selection is announced as unavailable too.
  root.querySelectorAll(".prose-menubar__button").forEach((button) => {
    const unavailable = button.classList.contains("disabled") ? "true" : "false";
    if (button.getAttribute("aria-disabled") !== unavailable) {
      button.setAttribute("aria-disabled", unavailable);
    }
  });
}

function labelText(textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  return label ? label.textContent.replace(/:\s*$/, "").trim() : textarea.name;
}

// The package's createTextareaEditor, but without the style element the editor would
// otherwise add to the page (the CSP allows no inline style; its rules are in our CSS).
function textareaEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled");
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new E.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

function create(textarea) {
  if (textarea.closest(".prose-editor")) {
    return;
  }
  const config = JSON.parse(textarea.getAttribute("data-richtext-editor"));
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions)) {
    const extension = E[name];
    if (extension) {
      extensions.push(typeof options === "object" ? extension.configure(options) : extension);
    }
  }
  const editor = textareaEditor(textarea, extensions);
  const area = editor.view.dom;
  area.setAttribute("role", "textbox");
  area.setAttribute("aria-multiline", "true");
  area.setAttribute("aria-label", labelText(textarea));
  // The menu bar is added when the editor has been created.
  const decorate = () => {
    const wrapper = textarea.closest(".prose-editor");
    const menubar = wrapper && wrapper.querySelector(".prose-menubar");
    if (!menubar || menubar.hasAttribute("role")) {
      return;
    }
    menubar.setAttribute("role", "toolbar");
    menubar.setAttribute("aria-label", `Formatering: ${labelText(textarea)}`);
    swedish(menubar);
    // Menus and dropdowns are redrawn as the selection moves.
    new MutationObserver(() => swedish(menubar)).observe(menubar, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["title", "aria-label", "class"],
    });
  };
  editor.on("create", decorate);
  decorate();
}

// Internal links: the link dialog's address field offers the site's published content.
let links = null;
function internalLinks() {
  const source = document.querySelector("[data-richtext-links]");
  if (!source) {
    return Promise.resolve(null);
  }
  if (!links) {
    links = fetch(source.getAttribute("data-richtext-links"), { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { links: [] }))
      .then((data) => {
        const list = document.createElement("datalist");
        list.id = "richtext-internal-links";
        for (const item of data.links) {
          const option = document.createElement("option");
          option.value = item.url;
          option.label = `${item.title} (${item.kind})`;
          list.appendChild(option);
        }
        document.body.appendChild(list);
        return list;
      })
      .catch(() => null);
  }
  return links;
}

function enhanceDialogs(node) {
  node.querySelectorAll && swedish(node);
  const inputs = node.querySelectorAll ? node.querySelectorAll('dialog input[name="href"]') : [];
  inputs.forEach((input) => {
    internalLinks().then((list) => {
      if (!list) {
        return;
      }
      input.setAttribute("list", list.id);
      const help = document.createElement("span");
      help.className = "prose-editor-help";
      help.textContent = " Skriv en adress, eller börja skriva en sidas titel och välj i listan (Länk till en sida på webbplatsen).";
      const label = input.id && document.querySelector(`label[for="${input.id}"]`);
      if (label && !label.querySelector(".prose-editor-help")) {
        label.appendChild(help);
      }
    });
  });
}

new MutationObserver((records) => {
  records.forEach((record) => record.addedNodes.forEach(enhanceDialogs));
}).observe(document.body, { childList: true, subtree: true });

E.initializeEditors(create, "textarea.richtext[data-richtext-editor]");
