from . import strategic_minimum_waiver
from . import strategic_consumption_wizard
from . import stock_return_picking
