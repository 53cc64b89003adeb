"""The OneRoster upload form: one zip, or the CSV files of a set chosen together."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField
from wtforms.validators import ValidationError

ALLOWED_SUFFIXES = (".zip", ".csv")


class OneRosterUploadForm(FlaskForm):
    files = MultipleFileField(_l("OneRoster files"))

    def validate_files(self, field):
        chosen = [f for f in field.data or [] if getattr(f, "filename", "")]
        if not chosen:
            raise ValidationError(_l("Choose a zip file, or the CSV files of the set."))
        for upload in chosen:
            if not upload.filename.lower().endswith(ALLOWED_SUFFIXES):
                raise ValidationError(_l("%(name)s is not a .zip or .csv file.", name=upload.filename))
        zips = [f for f in chosen if f.filename.lower().endswith(".zip")]
        if zips and len(chosen) > 1:
            raise ValidationError(_l("Choose one zip file, or CSV files, not both."))
