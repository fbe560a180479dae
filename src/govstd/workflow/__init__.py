"""The shared workflow engine: a workflow is a declared table, and every step goes through one path.

Apps declare their workflows as data (:mod:`.table`) — the transitions between states and the
work allowed in each state, with who may do it and what must hold first — and call :mod:`.engine`
to take a step, to check a piece of work, or to list what a person can do now and why not.
Each action's input is declared once (:mod:`.inputs`); the web form and the API schema are made
from that declaration and the same validation refuses bad input whatever the door.
"""
