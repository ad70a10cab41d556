"""The public forms' fields. Their `name`s are a public interface (issue 14): keep them."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from xinyong.credit.applications import APPLICANT_TYPES, OBJECTION_TYPES, Refused, checked_code

REQUIRED = "此项必填。"


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as the choices WTForms takes (it deprecates tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


class Choice(RadioField):
    """Radio buttons whose wrong or missing choice is told in Chinese."""

    def __init__(self, label=None, validators=None, message="请选择一项。", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices}:
            raise StopValidation(self.message)


class Decision(SelectField):
    """A drop-down that starts on "请选择" so no decision is taken by default."""

    def pre_validate(self, form):
        if not self.data or self.data not in {choice.value for choice in self.choices}:
            raise StopValidation("请选择处理决定。")


class ApplicantForm(FlaskForm):
    """Who applies, how to reach them, the declaration: the same in every form."""

    record = HiddenField()
    applicant_type = Choice(
        "申请人类型",
        choices=options(APPLICANT_TYPES.items()),
        default="org",
        message="请选择申请人类型。",
    )
    applicant_name = StringField(
        "申请人名称或姓名",
        validators=[DataRequired(REQUIRED), Length(max=200, message="不超过200个字。")],
    )
    applicant_code = StringField(
        "统一社会信用代码或身份证号码",
        description="须与信息主体一致：单位填写18位统一社会信用代码，个人填写18位身份证号码。",
        validators=[DataRequired(REQUIRED), Length(max=30, message="号码过长。")],
    )
    phone = StringField(
        "联系电话",
        validators=[
            DataRequired(REQUIRED),
            Regexp(r"^[0-9+\-\s()（）]{7,20}$", message="请填写有效的电话号码。"),
        ],
    )
    email = StringField(
        "电子邮箱（选填）",
        validators=[
            Optional(),
            Length(max=200, message="不超过200个字符。"),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="请填写有效的电子邮箱。"),
        ],
    )
    attachments = MultipleFileField("附件")

    def validate_applicant_code(self, field):
        """The code's own check (GB 32100 / GB 11643), beside the field, before the domain's."""
        if self.applicant_type.data in APPLICANT_TYPES:
            try:
                field.data = checked_code(self.applicant_type.data, field.data or "")
            except Refused as error:
                raise ValidationError(str(error)) from None

    declaration = BooleanField(
        "本人（本单位）承诺所填信息和所附材料真实、准确、完整，如有虚假愿承担相应法律责任。",
        validators=[DataRequired("请阅读并勾选承诺。")],
    )


class ObjectionForm(ApplicantForm):
    objection_type = Choice(
        "异议类型", choices=options(OBJECTION_TYPES.items()), message="请选择异议类型。"
    )
    missing_record = TextAreaField(
        "遗漏的信息（选“遗漏”时填写：决定机关、文书号、日期）",
        validators=[Optional(), Length(max=2000, message="不超过2000个字。")],
    )
    description = TextAreaField(
        "异议内容及理由",
        validators=[DataRequired(REQUIRED), Length(max=5000, message="不超过5000个字。")],
    )


class DeletionForm(ApplicantForm):
    reason = TextAreaField(
        "申请删除的理由",
        validators=[DataRequired(REQUIRED), Length(max=5000, message="不超过5000个字。")],
    )


class RepairForm(ApplicantForm):
    reason = TextAreaField(
        "履行义务、纠正失信行为的情况",
        validators=[DataRequired(REQUIRED), Length(max=5000, message="不超过5000个字。")],
    )


class StatusForm(FlaskForm):
    number = StringField("受理编号", validators=[DataRequired(REQUIRED), Length(max=24)])
    password = PasswordField("查询密码", validators=[DataRequired(REQUIRED), Length(max=40)])


class DisputeForm(StatusForm):
    reason = TextAreaField(
        "对处理结果的异议",
        validators=[DataRequired(REQUIRED), Length(max=5000, message="不超过5000个字。")],
    )


# -- back office -------------------------------------------------------------


class LoginForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired(REQUIRED), Length(max=60)])
    password = PasswordField("密码", validators=[DataRequired(REQUIRED), Length(max=200)])


class DecisionForm(FlaskForm):
    action = Decision("处理决定")
    reason = TextAreaField("理由、结果或确认文书号", validators=[Length(max=5000)])
    corrected_content = TextAreaField(
        "更正后的内容（异议成立且需更正时填写）", validators=[Length(max=5000)]
    )


class LookupForm(FlaskForm):
    code = StringField(
        "统一社会信用代码、身份证号码或主体标识",
        validators=[DataRequired(REQUIRED), Length(max=60)],
    )
    purpose = StringField(
        "查询目的（必填，记入查询日志）",
        validators=[DataRequired("请填写查询目的，查询将记入查询日志。"), Length(max=500)],
    )


class UploadForm(FlaskForm):
    file = MultipleFileField("报送文件（CSV、XLS、XLSX、ODS、JSON）")
