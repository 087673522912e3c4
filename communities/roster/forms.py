from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import Form

MAX_UPLOAD_BYTES = 30 * 1024 * 1024


class RosterUploadForm(Form):
    file = forms.FileField(
        label=_("roster file"),
        help_text=_("Excel (.xlsx or .xls) or CSV, as the office keeps it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.txt"}),
    )
    create_compounds = forms.BooleanField(
        label=_("create compounds named in the file that do not exist yet"), required=False
    )

    def __init__(self, *args, offer_create_compounds: bool = True, **kwargs):
        """`offer_create_compounds`: False on a compound's roster page until a file named compounds that do not
        exist (the option only matters then: every other row goes to the page's compound)."""
        super().__init__(*args, **kwargs)
        if not offer_create_compounds:
            del self.fields["create_compounds"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 30 MB. Split it by compound and upload each part.")
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
