from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KINDS


class PreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail for"),
        choices=[(code, kind.label) for code, kind in KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
