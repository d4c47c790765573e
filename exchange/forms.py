from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Nothing is saved yet: the file is checked first and you see what it holds."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ConfirmForm(forms.Form):
    preview = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SurveyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Survey sheet (.csv or .xlsx)"),
        help_text=_("Nothing is saved yet: the file is checked first and you see what it holds."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
