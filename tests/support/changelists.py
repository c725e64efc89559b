"""Bulk actions as staff use them: rows ticked on the rendered change list, an
action chosen, and the page in between filled in and sent as rendered."""

CONFIRMATION_FORM = "action-confirmation-form"


def choose(page, action, *objects):
    """Tick `objects` on the change list `page`, choose `action`, press Go."""
    form = page.forms["changelist-form"]
    form["action"] = action
    wanted = {str(obj.pk) for obj in objects}
    for checkbox in form.fields["_selected_action"]:
        checkbox.checked = checkbox._value in wanted
    return form.submit()


def confirm(page, form_id=CONFIRMATION_FORM, **fields):
    """Fill in and send the confirmation form the action's page rendered."""
    form = page.forms[form_id]
    for name, value in fields.items():
        form[name] = value
    return form.submit()


def messages(page):
    return [li.text.strip() for li in page.html.select("ul.messagelist li")]
