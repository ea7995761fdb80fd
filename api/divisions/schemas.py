from marshmallow import fields

from api.i18n import label
from api.schemas import NamedRef, OneOf, QueryArgs, Schema
from labour.divisions.models import LEVELS
from labour.i18n import N_

LEVEL_LABELS = {"region": N_("Region"), "prefecture": N_("Prefecture"), "county": N_("County"),
                "province": N_("Province")}


class DivisionArgs(QueryArgs):
    level = fields.String(validate=OneOf(LEVELS))
    parent = fields.String(metadata={"description": "code of the parent division"})
    tree = fields.Boolean(load_default=False, metadata={"description": "nest children under their parents"})


class DivisionSchema(NamedRef):
    level = fields.String()
    level_label = fields.Function(lambda d: label(LEVEL_LABELS, d.level))
    parent_code = fields.String(allow_none=True)
    name_zh = fields.String()
    name_en = fields.String()
    children = fields.List(fields.Nested(lambda: DivisionSchema()), metadata={"description": "only with tree=true"})


class PartnerSchema(Schema):
    id = fields.Integer()
    name = fields.Method("_name")
    kind = fields.String()

    def _name(self, obj):
        from flask_babel import get_locale
        return obj.name_en if str(get_locale()) == "en" else obj.name_zh
