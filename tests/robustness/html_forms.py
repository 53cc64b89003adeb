"""The forms of a rendered page, read the way a browser reads them (stdlib HTML parser only).

`forms(html)` gives each <form> with its method, action and fields: name, kind (text, textarea,
select, radio, checkbox, file, hidden, ...), the value a browser would send untouched, and the
options of selects and radio groups. `errors(html)` gives the error messages a page shows.
"""
from dataclasses import dataclass, field
from html.parser import HTMLParser


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Field:
    name: str
    kind: str
    value: str | None = None  # what the browser sends as the page stands (None: nothing)
    options: list = field(default_factory=list)
    multiple: bool = False
    required: bool = False
    id: str | None = None
    numeric: bool = False  # inputmode="numeric": a number typed in a text box


@dataclass
class Form:
    method: str
    action: str
    enctype: str
    fields: dict = field(default_factory=dict)  # name -> Field
    id: str | None = None

    def data(self) -> dict:
        """What a browser sends for the form as rendered (first button, no file)."""
        values = {}
        for item in self.fields.values():
            if item.value is not None and item.kind not in ("file", "submit"):
                values[item.name] = item.value
        return values


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.by_id: dict[str, Form] = {}  # controls of forms named by id, to merge at the end
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: dict | None = None
        self.textarea: Field | None = None
        self.labels: dict[str, str] = {}
        self.label_for: str | None = None
        self.label_text: list[str] = []
        self.error_ids: list[str] = []
        self.described_ids: set[str] = set()  # ids that a form control points to (aria-describedby)
        self.element_ids: set[str] = set()
        self.summary_targets: list[str] = []  # fields the error summary links to
        self.error_texts: list[str] = []
        self.in_error = 0
        self.error_buffer: list[str] = []

    # Forms -------------------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if a.get("id"):
            self.element_ids.add(a["id"])
        if tag in ("input", "select", "textarea", "fieldset") and a.get("aria-describedby"):
            self.described_ids.update(a["aria-describedby"].split())
        if tag == "a" and self.in_error and (a.get("href") or "").startswith("#"):
            self.summary_targets.append(a["href"][1:])
        is_error = ("field-error" in classes or "error-summary" in classes or "flash--error" in classes
                    or "error-page" in classes
                    or "flash--warning" in classes or a.get("role") == "alert")
        if is_error and a.get("id"):
            self.error_ids.append(a["id"])
        if self.in_error and tag not in VOID:
            self.in_error += 1
        elif is_error and not self.in_error:
            self.in_error = 1
            self.error_buffer = []
        if tag == "label":
            self.label_for = a.get("for")
            self.label_text = []
        elif tag == "legend":
            self.label_for = f"legend-{len(self.labels)}"  # a group's name (checkboxes, radios)
            self.label_text = []
        if tag == "form":
            self.form = Form(method=(a.get("method") or "get").lower(), action=a.get("action") or "",
                             enctype=a.get("enctype") or "", id=a.get("id"))
            self.forms.append(self.form)
            return
        owner = a.get("form")  # a control placed outside its form: <input form="form-id">
        if owner and tag in ("input", "select", "textarea", "button"):
            outer, self.form = self.form, self.by_id.setdefault(owner, Form("post", "", "", id=owner))
            try:
                self._control(tag, a)
            finally:
                self.form = outer
            return
        if self.form is None and not (tag == "option" and self.select is not None):
            return
        self._control(tag, a)

    def _control(self, tag, a):
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            existing = self.form.fields.get(name)
            if kind in ("radio", "checkbox"):
                item = existing or Field(name, kind, id=a.get("id"))
                item.options.append(a.get("value", "on"))
                if "checked" in a:
                    if kind == "checkbox" and item.value is not None:
                        item.multiple = True
                        item.value = item.value if isinstance(item.value, list) else [item.value]
                        item.value.append(a.get("value", "on"))
                    else:
                        item.value = a.get("value", "on")
                if existing and kind == "checkbox":
                    item.multiple = True
                item.required = item.required or "required" in a
                self.form.fields[name] = item
            elif kind in ("submit", "button", "image", "reset"):
                pass
            elif existing is None:
                self.form.fields[name] = Field(name, kind, a.get("value", ""), required="required" in a,
                                               id=a.get("id"), numeric=a.get("inputmode") == "numeric")
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            self.form.fields.setdefault(name, Field(name, "submit", a.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = Field(name, "textarea", "", required="required" in a, id=a.get("id"))
            self.form.fields[name] = self.textarea
        elif tag == "select" and name:
            self.select = Field(name, "select", None, multiple="multiple" in a, required="required" in a,
                                id=a.get("id"))
            self.form.fields[name] = self.select
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": []}

    def handle_endtag(self, tag):
        if self.in_error and tag not in VOID:
            self.in_error -= 1
            if self.in_error == 0:
                self.error_texts.append(" ".join("".join(self.error_buffer).split()))
        if tag in ("label", "legend") and self.label_for:
            self.labels[self.label_for] = " ".join("".join(self.label_text).split())
            self.label_for = None
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.value.startswith(("\r\n", "\n")):
                # a browser drops the newline that follows <textarea>
                self.textarea.value = self.textarea.value.split("\n", 1)[1]
            self.textarea = None
        elif tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._close_option()
            if self.select.value is None and self.select.options and not self.select.multiple:
                self.select.value = self.select.options[0]
            self.select = None

    def _close_option(self):
        value = self.option["value"]
        if value is None:
            value = "".join(self.option["text"]).strip()
        self.select.options.append(value)
        if self.option["selected"]:
            if self.select.multiple:
                self.select.value = [*(self.select.value or []), value]
            else:
                self.select.value = value
        self.option = None

    def handle_data(self, data):
        if self.in_error:
            self.error_buffer.append(data)
        if self.label_for:
            self.label_text.append(data)
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option["text"].append(data)


def parse(html: str) -> _Parser:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        outside = parser.by_id.get(form.id) if form.id else None
        if outside is not None:
            for name, item in outside.fields.items():
                form.fields.setdefault(name, item)
    return parser


def forms(html: str) -> list[Form]:
    return parse(html).forms


def errors(html: str) -> list[str]:
    """The texts of the page's error messages: field errors, the error summary, error flashes."""
    return [text for text in parse(html).error_texts if text]
