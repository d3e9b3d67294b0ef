from . import consumption_report
from . import ir_actions_report
