"""The open security questions, asked before generating: answer, take the safe default, or skip.

Answers are read with the core's parser (so "10 MB" and "png, pdf" work as on the command
line) and checked when the form is submitted; new answers are saved to the threat model by
app.core.generate.start_session. Skipped questions stay open and add no requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserInputError
from app.core.question_answers import format_answer, parse_answer
from app.core.questions import Question
from app.ui.jobs import QuestionsToAsk

ANSWER, DEFAULT, SKIP = 0, 1, 2
ROWS_PER_TURN = 3


@dataclass
class Answers:
    given: dict[str, object] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)


class QuestionRow(QFrame):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Question: {question.text}")
        source = " <i>(suggested by the model)</i>" if question.source == "model" else ""
        title = QLabel(f"<b>{_html(question.text)}</b>{source}")
        title.setWordWrap(True)
        why = QLabel(f"<span style='color:gray'>{_html(question.why)}</span>")
        why.setWordWrap(True)
        self.input = self._make_input()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c92a2a;")
        self.error.hide()
        self.modes = QButtonGroup(self)
        default_text = QLabel(_html(format_answer(question, question.default)))
        default_text.setWordWrap(True)
        buttons = (
            QRadioButton("Answer"),
            QRadioButton("Safe default"),
            QRadioButton("Skip (leave it open)"),
        )
        for mode, button in enumerate(buttons):
            button.setAccessibleName(("Answer", "Use the safe default", "Skip")[mode])
            self.modes.addButton(button, mode)
        buttons[DEFAULT].setChecked(True)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.addWidget(buttons[DEFAULT], 0, 0)
        grid.addWidget(default_text, 0, 1)
        grid.addWidget(buttons[ANSWER], 1, 0)
        grid.addWidget(self.input, 1, 1)
        grid.addWidget(buttons[SKIP], 2, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(why)
        layout.addLayout(grid)
        layout.addWidget(self.error)

    def _make_input(self) -> QLineEdit | QComboBox:
        question = self.question
        if question.kind in ("bool", "choice"):
            box = QComboBox()
            options = ["yes", "no"] if question.kind == "bool" else list(question.choices)
            box.addItems(options)
            box.setCurrentText(format_answer(question, question.default))
            box.activated.connect(lambda _index: self.set_mode(ANSWER))
            box.setAccessibleName(f"Answer to: {question.text}")
            return box
        edit = QLineEdit(placeholderText="Type your answer")
        edit.setAccessibleName(f"Answer to: {question.text}")
        edit.textEdited.connect(lambda _text: self.set_mode(ANSWER))
        return edit

    def set_mode(self, mode: int) -> None:
        button = self.modes.button(mode)
        if button is not None:
            button.setChecked(True)

    def mode(self) -> int:
        return self.modes.checkedId()

    def set_answer(self, text: str) -> None:
        if isinstance(self.input, QComboBox):
            self.input.setCurrentText(text)
        else:
            self.input.setText(text)
        self.set_mode(ANSWER)

    def raw_answer(self) -> str:
        if isinstance(self.input, QComboBox):
            return self.input.currentText()
        return self.input.text().strip()

    def check(self) -> bool:
        """Whether the answer reads as the question's kind; shows the problem inline if not."""
        self.error.hide()
        if self.mode() != ANSWER:
            return True
        try:
            parse_answer(self.question, self.raw_answer())
        except UserInputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        return True


class QuestionsForm(QWidget):
    submitted = Signal(object)  # Answers
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Open security questions")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.rows: list[QuestionRow] = []
        self._pending: list[Question] = []
        self._more = QTimer(self, singleShot=True, interval=0)
        self._more.timeout.connect(self._add_rows)
        self._list = QVBoxLayout()
        self._make_answered()
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addLayout(self._list)
        holder_layout.addWidget(self.answered_toggle)
        holder_layout.addWidget(self.answered)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.generate_button = QPushButton("Generate with these answers")
        self.generate_button.setDefault(True)
        self.generate_button.setAccessibleName("Generate with these answers")
        back = QPushButton("Back to the request")
        back.clicked.connect(self.cancelled.emit)
        self.generate_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(back)
        buttons.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _make_answered(self) -> None:
        self.answered = QLabel()
        self.answered.setWordWrap(True)
        self.answered.hide()
        self.answered_toggle = QToolButton()
        self.answered_toggle.setCheckable(True)
        self.answered_toggle.setAutoRaise(True)
        self.answered_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.answered_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.answered_toggle.toggled.connect(self._show_answered)

    def _show_answered(self, shown: bool) -> None:
        self.answered.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.answered_toggle.setArrowType(arrow)

    def set_questions(self, asked: QuestionsToAsk) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        plan, open_questions, answered = asked.plan, asked.open, asked.answered
        topics = ", ".join(t.title for t in plan.topics) or "none"
        self.heading.setText(
            f"<b>{len(open_questions)} open security question"
            f"{'s' if len(open_questions) != 1 else ''}</b> for this request "
            f"(topics: {_html(topics)}). Answers are saved to the threat model of "
            f"<b>{_html(plan.project.name)}</b>; skipped questions stay open."
        )
        self._pending = list(open_questions)
        self._add_rows()
        self.answered.setText(_answered_text(answered))
        count = len(answered)
        self.answered_toggle.setText(
            f"{count} more question{'s' if count != 1 else ''} already answered by the threat model"
        )
        self.answered_toggle.setVisible(bool(answered))
        self.answered_toggle.setChecked(False)

    @property
    def populating(self) -> bool:
        return bool(self._pending)

    def _add_rows(self, count: int = ROWS_PER_TURN) -> None:
        """A few rows per event-loop turn: fourteen word-wrapped rows at once take ~100 ms."""
        for question in self._pending[:count]:
            row = QuestionRow(question)
            self.rows.append(row)
            self._list.addWidget(row)
        del self._pending[:count]
        if self._pending:
            self._more.start()

    def answers(self) -> Answers:
        self._add_rows(len(self._pending))  # a quick submit must still see every question
        result = Answers()
        for row in self.rows:
            if row.mode() == ANSWER:
                result.given[row.question.id] = row.raw_answer()
            elif row.mode() == SKIP:
                result.skipped.add(row.question.id)
        return result

    def submit(self) -> None:
        self._add_rows(len(self._pending))
        valid = [row.check() for row in self.rows]
        if all(valid):
            self.submitted.emit(self.answers())

    def row(self, question_id: str) -> QuestionRow:
        self._add_rows(len(self._pending))
        return next(r for r in self.rows if r.question.id == question_id)


def _answered_text(answered: Sequence[tuple[Question, str]]) -> str:
    items = [f"<li>{_html(q.text)} <b>{_html(answer)}</b></li>" for q, answer in answered]
    return "<ul style='margin-left:-20px'>" + "".join(items) + "</ul>"


def _html(text: str) -> str:
    return escape(text, quote=False)
