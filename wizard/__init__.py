from . import strategic_minimum_waiver
from . import strategic_consumption_wizard
from . import stock_return_picking
from . import strategic_rules_preview
from . import strategic_rules_preview_line
